using K3Competency.Application.Batches;
using K3Competency.Application.Imports;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Uploads;

/// <summary>
/// Upload a registrations, attendance or results file for a batch: preview (dry run) lists every row error,
/// then commit strict or partial. The same import service as the API.
/// </summary>
public sealed class NewModel(BatchService batches, ImportService imports) : PageModel
{
    [BindProperty(SupportsGet = true)] public int BatchId { get; set; }
    [BindProperty(SupportsGet = true)] public string Kind { get; set; } = UploadKind.Attendance.ToCode();
    [BindProperty(Name = "File")] public IFormFile? Upload { get; set; }
    [BindProperty(Name = "Partial")] public bool PartialMode { get; set; }

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
        if (Upload is null || Upload.Length == 0)
        {
            FileError = "Pilih berkas CSV atau XLSX terlebih dahulu.";
            return Page();
        }
        UploadedName = Upload.FileName;
        try
        {
            await using var stream = Upload.OpenReadStream();
            Report = await imports.ImportAsync(new ImportRequest(UploadKind, BatchId, Path.GetFileName(Upload.FileName), User.ToActor())
            {
                DryRun = dryRun,
                Partial = PartialMode,
                DeclaredLength = Upload.Length,
            }, stream, ct);
        }
        catch (ImportForbiddenException e)
        {
            FileError = e.Message;
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }
        catch (ImportFileTooLargeException e)
        {
            FileError = e.Message;
            Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        }
        catch (ImportBusyException e)
        {
            FileError = e.Message;
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        catch (ImportException e)
        {
            FileError = e.Message;
        }
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (!Codes.TryParse<UploadKind>(Kind, out var kind))
        {
            return NotFound();
        }
        UploadKind = kind;
        var actor = User.ToActor();
        if (kind == UploadKind.Registrations && !actor.IsStaffOrAdmin)
        {
            return Forbid();
        }
        var batch = await batches.GetAsync(BatchId, actor, ct);
        if (batch is null)
        {
            return await batches.ExistsAsync(BatchId, ct) ? Forbid() : NotFound();
        }
        Batch = batch;
        return null;
    }

    public static string KindName(UploadKind kind) => kind switch
    {
        UploadKind.Registrations => "pendaftaran peserta",
        UploadKind.Attendance => "kehadiran",
        _ => "nilai pre-test dan post-test",
    };
}
