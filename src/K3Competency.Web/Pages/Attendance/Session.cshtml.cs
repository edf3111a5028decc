using K3Competency.Application;
using K3Competency.Application.Registrations;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Attendance;

/// <summary>
/// The attendance of one session for every registration the user may see, set at once: a status per row, "Tandai semua
/// hadir" (fills the form, saves nothing) and one "Simpan". Rows left as they were are not written; a row changed meanwhile
/// by someone else is shown with its current value and the user's unsaved choice, while the others are saved. Works without JS.
/// </summary>
// Four fields a row; a batch of a few thousand registrations is beyond the default 1024 form values.
[RequestFormLimits(ValueCountLimit = 40_000)]
public sealed class SessionModel(SessionAttendance attendance) : PageModel
{
    public SessionGrid Grid { get; private set; } = null!;

    /// <summary>Why the whole grid is refused (403: a finished batch for an institution admin, another institution's batch).</summary>
    public string? Refused { get; private set; }

    [BindProperty]
    public List<RowInput> Rows { get; set; } = [];

    /// <summary>The correction's reason: required on a finished batch, and the revocation's reason.</summary>
    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>Confirms revoking the live certificates that a row's change makes untrue (reissued where still lulus).</summary>
    [BindProperty]
    public bool RevokeCertificates { get; set; }

    /// <summary>Rows that were not saved, by registration, with the current value and why.</summary>
    public IReadOnlyDictionary<long, SessionGridProblem> Problems { get; private set; } = new Dictionary<long, SessionGridProblem>();

    /// <summary>What the user chose but was not saved, by registration (a stale row keeps it beside the current value).</summary>
    public IReadOnlyDictionary<long, string?> Unsaved { get; private set; } = new Dictionary<long, string?>();

    public string? Notice { get; private set; }

    /// <summary>Only Staff and Admin revoke certificates; an institution admin's refused row says to ask them.</summary>
    public bool MayRevoke => User.ToActor().IsStaffOrAdmin;

    public sealed class RowInput
    {
        public long RegistrationId { get; set; }
        public string? Status { get; set; }
        public string? SeenStatus { get; set; }
        public uint? SeenVersion { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int batchId, int number, CancellationToken ct)
    {
        var grid = await attendance.GetAsync(batchId, number, User.ToActor(), ct);
        if (RefuseWithReason(grid) is { } refused)
        {
            return refused;
        }
        Show(grid.Value!);
        return Page();
    }

    /// <summary>Marks every row Hadir in the form only, so the user can still change the exceptions before saving.</summary>
    public async Task<IActionResult> OnPostAllPresentAsync(int batchId, int number, CancellationToken ct)
    {
        var grid = await attendance.GetAsync(batchId, number, User.ToActor(), ct);
        if (RefuseWithReason(grid) is { } refused)
        {
            return refused;
        }
        Grid = grid.Value!;
        var seen = Rows.ToDictionary(r => r.RegistrationId);
        Rows = [.. Grid.Rows.Select(r => seen.TryGetValue(r.RegistrationId, out var s)
            ? new RowInput { RegistrationId = r.RegistrationId, Status = "HADIR", SeenStatus = s.SeenStatus, SeenVersion = s.SeenVersion }
            : new RowInput { RegistrationId = r.RegistrationId, Status = "HADIR", SeenStatus = r.Status, SeenVersion = r.Version })];
        ModelState.Clear();
        Notice = "Semua peserta ditandai Hadir, belum disimpan. Ubah yang tidak hadir, lalu tekan Simpan.";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int batchId, int number, CancellationToken ct)
    {
        var changes = Rows.Select(r => new SessionGridChange(r.RegistrationId, r.Status, r.SeenStatus, r.SeenVersion)).ToList();
        var result = await attendance.SaveAsync(batchId, number, changes, User.ToActor(), ct,
            new CertificateRevocation(RevokeCertificates, Reason));
        if (RefuseWithReason(result) is { } refused)
        {
            return refused;
        }
        if (!result.Succeeded)
        {
            // Nothing written (a finished batch without a reason): the form comes back as the user filled it.
            var grid = await attendance.GetAsync(batchId, number, User.ToActor(), ct);
            if (RefuseWithReason(grid) is { } gone)
            {
                return gone;
            }
            Grid = grid.Value!;
            var posted = Rows.DistinctBy(r => r.RegistrationId).ToDictionary(r => r.RegistrationId);
            Rows = [.. Grid.Rows.Select(r => posted.TryGetValue(r.RegistrationId, out var p)
                ? p
                : new RowInput { RegistrationId = r.RegistrationId, Status = r.Status, SeenStatus = r.Status, SeenVersion = r.Version })];
            ModelState.Clear();
            ModelState.AddErrors(result, "");
            return Page();
        }
        var saved = result.Value!;
        var certificates = Registrations.EditModel.Certificates(saved.Revoked, saved.Reissued);
        if (saved.Problems.Count == 0)
        {
            TempData["Message"] = (saved.Saved == 0 ? "Tidak ada perubahan kehadiran." : $"Kehadiran {saved.Saved} peserta disimpan.") + certificates;
            return RedirectToPage(new { batchId, number });
        }
        var chosen = Rows.DistinctBy(r => r.RegistrationId).ToDictionary(r => r.RegistrationId, r => r.Status);
        ModelState.Clear();
        Show(saved.Grid);
        Problems = saved.Problems.ToDictionary(p => p.RegistrationId);
        Unsaved = saved.Problems.ToDictionary(p => p.RegistrationId, p => chosen.GetValueOrDefault(p.RegistrationId));
        // A row refused for its certificate keeps the user's choice, so "Simpan" again with the revocation confirmed saves it;
        // a stale row shows what is stored now (the choice is named beside it).
        Rows = [.. Rows.Select(r => Problems.TryGetValue(r.RegistrationId, out var p) && p.Failure == Failure.Conflict
            ? new RowInput { RegistrationId = r.RegistrationId, Status = chosen.GetValueOrDefault(r.RegistrationId), SeenStatus = p.CurrentStatus, SeenVersion = p.CurrentVersion }
            : r)];
        Notice = $"Kehadiran {saved.Saved} peserta disimpan; {saved.Problems.Count} baris belum disimpan, lihat tanda di bawah." + certificates;
        return Page();
    }

    /// <summary>
    /// A refusal of the whole grid: 404 as everywhere; 403 shown with its Indonesian reason, as the upload page shows a refused
    /// file, so an institution admin reads why a finished batch is closed to it.
    /// </summary>
    private IActionResult? RefuseWithReason<T>(ServiceResult<T> result)
    {
        if (result.Failure != Failure.Forbidden)
        {
            return this.Refusal(result);
        }
        Refused = result.Message;
        Response.StatusCode = Failures.StatusOf(result.Failure);
        return Page();
    }

    private void Show(SessionGrid grid)
    {
        Grid = grid;
        Rows = [.. grid.Rows.Select(r => new RowInput { RegistrationId = r.RegistrationId, Status = r.Status, SeenStatus = r.Status, SeenVersion = r.Version })];
    }
}
