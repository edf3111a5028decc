using K3Competency.Application;
using K3Competency.Application.Batches;
using K3Competency.Application.Imports;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Uploads;

/// <summary>
/// Upload a registrations, attendance or results file for a batch: preview (dry run) lists every row error and
/// keeps the file, then "Impor" commits that file strict or partial without choosing it again (or a file chosen
/// anew). The same import service as the API.
/// </summary>
public sealed class NewModel(BatchService batches, ImportService imports) : PageModel
{
    [BindProperty(SupportsGet = true)] public int BatchId { get; set; }
    [BindProperty(SupportsGet = true)] public string Kind { get; set; } = UploadKind.Attendance.ToCode();
    [BindProperty(Name = "File")] public IFormFile? Upload { get; set; }
    [BindProperty(Name = "Partial")] public bool PartialMode { get; set; }
    /// <summary>The file a preview kept: "Impor" commits it without the file being chosen again.</summary>
    [BindProperty] public Guid? SpoolId { get; set; }
    [BindProperty] public string? SpoolName { get; set; }
    /// <summary>Why a finished batch is corrected (Staff and Admin); goes into the audit.</summary>
    [BindProperty] public string? Reason { get; set; }

    public BatchItem Batch { get; private set; } = null!;
    public UploadKind UploadKind { get; private set; }
    public ImportReport? Report { get; private set; }
    public string? FileError { get; private set; }
    public string? UploadedName { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (BatchId == 0)
        {
            return RedirectToPage("/Workspace/Index");
        }
        return await LoadAsync(ct) ?? Page();
    }

    public Task<IActionResult> OnPostPreviewAsync(CancellationToken ct) => RunAsync(dryRun: true, ct);

    public Task<IActionResult> OnPostCommitAsync(CancellationToken ct) => RunAsync(dryRun: false, ct);

    private async Task<IActionResult> RunAsync(bool dryRun, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }
        var actor = User.ToActor();
        ServiceResult<ImportReport> result;
        if ((Upload is null || Upload.Length == 0) && !dryRun && SpoolId is { } spool)
        {
            UploadedName = SpoolName;
            result = await imports.ImportSpooledAsync(spool, new ImportRequest(UploadKind, BatchId, SpoolName ?? "", actor) { Partial = PartialMode, Reason = Reason }, ct);
        }
        else if (Upload is null || Upload.Length == 0)
        {
            FileError = "Pilih berkas CSV atau XLSX terlebih dahulu.";
            return Page();
        }
        else
        {
            UploadedName = Upload.FileName;
            await using var stream = Upload.OpenReadStream();
            result = await imports.ImportAsync(new ImportRequest(UploadKind, BatchId, Path.GetFileName(Upload.FileName), actor)
            {
                DryRun = dryRun, Partial = PartialMode, DeclaredLength = Upload.Length, KeepForCommit = dryRun, Reason = Reason,
            }, stream, ct);
        }
        if (result.Succeeded)
        {
            Report = result.Value;
        }
        else
        {
            // The refusal of the file as a whole, shown beside the file field, with its failure's status.
            FileError = result.Message;
            Response.StatusCode = Failures.StatusOf(result.Failure);
        }
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (!Codes.TryParse<UploadKind>(Kind, out var kind) || kind == UploadKind.MeetingReport)
        {
            // A meeting report is for one session and has its own page (Attendance/MeetingReport).
            return NotFound();
        }
        UploadKind = kind;
        var actor = User.ToActor();
        if (kind == UploadKind.Registrations && !actor.IsStaffOrAdmin)
        {
            return Forbid();
        }
        var batch = await batches.FindAsync(BatchId, actor, ct);
        if (this.Refusal(batch) is { } refused)
        {
            return refused;
        }
        Batch = batch.Value!;
        return null;
    }

    public static string KindName(UploadKind kind) => kind switch
    {
        UploadKind.Registrations => "pendaftaran peserta",
        UploadKind.Attendance => "kehadiran",
        UploadKind.MeetingReport => "laporan rapat daring",
        _ => "nilai pre-test dan post-test",
    };
}
