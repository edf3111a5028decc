using K3Competency.Application.Batches;
using K3Competency.Application.Certificates;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Certificates;

/// <summary>
/// A batch's certificates, a page at a time, searchable and sortable through the address (no script needed), and issuing
/// them to every completed registration (Staff/Admin).
/// </summary>
public sealed class BatchModel(CertificateService certificates, BatchService batches) : PageModel
{
    public BatchItem Batch { get; private set; } = null!;
    public BatchCertificates Certificates { get; private set; } = null!;

    /// <summary>Name on the certificate, part of its number, or the holder's whole NIK.</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    /// <summary>number (default), name or date.</summary>
    [BindProperty(SupportsGet = true, Name = "urut")]
    public string Sort { get; set; } = CertificateListQuery.ByNumber;

    [BindProperty(SupportsGet = true, Name = "turun")]
    public bool Descending { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(int batchId, CancellationToken ct)
    {
        var actor = User.ToActor();
        var batch = await batches.GetAsync(batchId, actor, ct);
        if (batch is null)
        {
            return NotFound();
        }
        var list = await certificates.PageForBatchAsync(batchId, new CertificateListQuery(Query, Sort, Descending, PageNumber), actor, ct);
        if (this.Refusal(list) is { } refused)
        {
            return refused;
        }
        Batch = batch;
        Certificates = new BatchCertificates(batchId, list.Value!, Query, column => Request.SortUrl(column, Sort, Descending),
            await certificates.AnyLiveAsync(batchId, ct));
        return Page();
    }

    public async Task<IActionResult> OnPostIssueAsync(int batchId, CancellationToken ct)
    {
        var result = await certificates.IssueForBatchAsync(batchId, User.ToActor(), ct);
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        var issued = result.Value!;
        TempData["Message"] = issued.Issued == 0
            ? $"Tidak ada sertifikat baru: tidak ada peserta lulus yang belum memiliki sertifikat ({Formats.Number(issued.AlreadyIssued)} sudah memiliki)."
            : $"{Formats.Number(issued.Issued)} sertifikat diterbitkan; {Formats.Number(issued.AlreadyIssued)} peserta lulus sudah memiliki sertifikat sebelumnya.";
        return RedirectToPage("/Certificates/Batch", new { batchId });
    }
}
