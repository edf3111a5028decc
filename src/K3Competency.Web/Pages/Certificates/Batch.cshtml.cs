using K3Competency.Application.Batches;
using K3Competency.Application.Certificates;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Certificates;

/// <summary>A batch's certificates, and issuing them to every completed registration (Staff/Admin).</summary>
public sealed class BatchModel(CertificateService certificates, BatchService batches) : PageModel
{
    public BatchItem Batch { get; private set; } = null!;
    public BatchCertificates Certificates { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int batchId, CancellationToken ct)
    {
        var actor = User.ToActor();
        var batch = await batches.GetAsync(batchId, actor, ct);
        if (batch is null)
        {
            return NotFound();
        }
        var list = await certificates.ListForBatchAsync(batchId, actor, ct);
        if (this.Refusal(list) is { } refused)
        {
            return refused;
        }
        Batch = batch;
        Certificates = new BatchCertificates(batchId, list.Value!);
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
