using K3Competency.Application;
using K3Competency.Application.Batches;
using K3Competency.Application.Imports;
using K3Competency.Application.MeetingReports;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Attendance;

/// <summary>
/// A stored meeting report as it would apply now: who matched by which rule, and the unmatched people with their
/// minutes and candidates. Linking a candidate stores an alias; "Terapkan ulang" imports the same stored report again.
/// </summary>
public sealed class ReviewModel(MeetingReportService reports, BatchService batches) : PageModel
{
    public MeetingReportUpload Upload { get; private set; } = null!;
    public BatchItem Batch { get; private set; } = null!;
    public ImportReport? Current { get; private set; }
    public MeetingReportSummary? Summary => Current?.Details as MeetingReportSummary;
    public string? Error { get; private set; }

    [BindProperty] public long RegistrationId { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty(Name = "Partial")] public bool PartialMode { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostLinkAsync(long id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is { } refused)
        {
            return refused;
        }
        var result = await reports.LinkAsync(Upload.BatchId, new AliasInput(RegistrationId, DisplayName, Email), User.ToActor(), ct);
        if (result.Succeeded)
        {
            TempData["Message"] = $"\"{DisplayName ?? Email}\" ditautkan. Laporan berikutnya (dan \"Terapkan ulang\") mencocokkannya.";
            return RedirectToPage(new { id });
        }
        if (this.Refusal(result) is { } refusal)
        {
            return refusal;
        }
        // The link form is a candidate's hidden fields: every error is the form's, shown above the report.
        foreach (var message in result.Errors.SelectMany(e => e.Value))
        {
            ModelState.AddModelError("", message);
        }
        return await LoadAsync(id, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostReapplyAsync(long id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is { } refused)
        {
            return refused;
        }
        var result = await reports.ReapplyAsync(Upload, User.ToActor(), PartialMode, ct);
        if (result.Succeeded)
        {
            var report = result.Value!;
            TempData["Message"] = report.Committed
                ? $"Laporan diterapkan ulang: {Formats.Number(report.Inserted)} baru, {Formats.Number(report.Updated)} diperbarui, {Formats.Number(report.Unchanged)} tidak berubah."
                : $"Laporan tidak diterapkan: {Formats.Number(report.Rejected)} orang bermasalah. Perbaiki, atau terapkan secara parsial.";
            return RedirectToPage(new { id = report.UploadId });
        }
        if (this.Refusal(result) is { } refusal)
        {
            return refusal;
        }
        Error = result.Message;
        return await LoadAsync(id, ct) ?? Page();
    }

    private async Task<IActionResult?> FindAsync(long id, CancellationToken ct)
    {
        if (await reports.FindAsync(id, User.ToActor(), ct) is not { } upload)
        {
            return NotFound();
        }
        Upload = upload;
        return null;
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is { } refused)
        {
            return refused;
        }
        var batch = await batches.GetAsync(Upload.BatchId, User.ToActor(), ct);
        if (batch is null)
        {
            return Forbid();
        }
        Batch = batch;
        var review = await reports.ReviewAsync(Upload, User.ToActor(), ct);
        if (review.Succeeded)
        {
            Current = review.Value;
        }
        else
        {
            Error ??= review.Message;
        }
        return null;
    }
}
