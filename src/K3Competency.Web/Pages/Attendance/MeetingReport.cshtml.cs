using K3Competency.Application.Batches;
using K3Competency.Application.Imports;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Attendance;

/// <summary>
/// Upload an online-meeting report for one session (DESIGN §10.2): preview or import, strict or partial, through the
/// same import service as the API; the result opens on the review page of the stored report.
/// </summary>
public sealed class MeetingReportModel(BatchService batches, ImportService imports) : PageModel
{
    [BindProperty(Name = "File")] public IFormFile? Upload { get; set; }
    [BindProperty(Name = "Partial")] public bool PartialMode { get; set; }

    public BatchItem Batch { get; private set; } = null!;
    public SessionItem Session { get; private set; } = null!;
    public string? FileError { get; private set; }

    public async Task<IActionResult> OnGetAsync(int batchId, int number, CancellationToken ct) => await LoadAsync(batchId, number, ct) ?? Page();

    public Task<IActionResult> OnPostPreviewAsync(int batchId, int number, CancellationToken ct) => RunAsync(batchId, number, dryRun: true, ct);

    public Task<IActionResult> OnPostCommitAsync(int batchId, int number, CancellationToken ct) => RunAsync(batchId, number, dryRun: false, ct);

    private async Task<IActionResult> RunAsync(int batchId, int number, bool dryRun, CancellationToken ct)
    {
        if (await LoadAsync(batchId, number, ct) is { } refused)
        {
            return refused;
        }
        if (Upload is null || Upload.Length == 0)
        {
            FileError = "Pilih berkas laporan rapat terlebih dahulu.";
            return Page();
        }
        await using var stream = Upload.OpenReadStream();
        var result = await imports.ImportAsync(new ImportRequest(UploadKind.MeetingReport, batchId, Path.GetFileName(Upload.FileName), User.ToActor())
        {
            SessionNumber = number,
            DryRun = dryRun,
            Partial = PartialMode,
            DeclaredLength = Upload.Length,
        }, stream, ct);
        if (result.Succeeded)
        {
            return RedirectToPage("Review", new { id = result.Value!.UploadId });
        }
        // The refusal of the report as a whole, shown beside the file field, with its failure's status.
        FileError = result.Message;
        Response.StatusCode = Failures.StatusOf(result.Failure);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int batchId, int number, CancellationToken ct)
    {
        var found = await batches.FindAsync(batchId, User.ToActor(), ct);
        if (this.Refusal(found) is { } refused)
        {
            return refused;
        }
        var batch = found.Value!;
        if (batch.Sessions.FirstOrDefault(s => s.Number == number) is not { } session)
        {
            return NotFound();
        }
        Batch = batch;
        Session = session;
        return null;
    }
}
