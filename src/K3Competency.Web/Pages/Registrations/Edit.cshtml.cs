using System.Globalization;
using K3Competency.Application;
using K3Competency.Application.Registrations;
using K3Competency.Domain;
using K3Competency.Domain.Rules;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Registrations;

/// <summary>
/// Hand corrections of one registration: the attendance of each session (each saved on its own, with its own
/// version) and the pre/post-test scores. Every save shows the completion that results, with its reason.
/// </summary>
public sealed class EditModel(CorrectionService corrections) : PageModel
{
    private static readonly string[] CheckInFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "dd/MM/yyyy HH:mm", "d/M/yyyy H:mm"];

    public CorrectionView View { get; private set; } = null!;

    [BindProperty]
    public ScoresInput Scores { get; set; } = new();

    [BindProperty]
    public AttendanceInput Attendance { get; set; } = new();

    [BindProperty]
    public CancellationInput Cancellation { get; set; } = new();

    /// <summary>The session whose form failed validation: its row shows what was typed and the errors.</summary>
    public int? FailedSession { get; private set; }

    public sealed class ScoresInput
    {
        public string? PreTest { get; set; }
        public string? PostTest { get; set; }
        public uint Version { get; set; }

        /// <summary>Confirms revoking the live certificate this change makes untrue (and reissuing it where still lulus).</summary>
        public bool RevokeCertificate { get; set; }
        public string? Reason { get; set; }
    }

    /// <summary>Cancel (or restore) with a reason; cancelling can confirm revoking the certificate resting on it.</summary>
    public sealed class CancellationInput
    {
        public string? Reason { get; set; }
        public bool RevokeCertificate { get; set; }
    }

    public sealed class AttendanceInput
    {
        public int SessionNumber { get; set; }
        public string? Status { get; set; }
        /// <summary>WIB, as a datetime-local field sends it (2023-11-16T08:05) or typed as 16/11/2023 08:05.</summary>
        public string? CheckIn { get; set; }
        public string? Mode { get; set; }
        /// <summary>Empty when the user saw no attendance row for the session.</summary>
        public uint? Version { get; set; }

        /// <summary>As for scores: confirms revoking the certificate this change makes untrue; the reason is also a finished batch's.</summary>
        public bool RevokeCertificate { get; set; }
        public string? Reason { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var view = await corrections.GetAsync(id, User.ToActor(), ct);
        if (view is null)
        {
            return NotFound();
        }
        Show(view);
        return Page();
    }

    public async Task<IActionResult> OnPostScoresAsync(long id, CancellationToken ct)
    {
        var pre = ParseScore(Scores.PreTest, "Scores.PreTest");
        var post = ParseScore(Scores.PostTest, "Scores.PostTest");
        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(id, ct);
        }
        var result = await corrections.SetScoresAsync(id, pre, post, Scores.Version, User.ToActor(), ct,
            new CertificateRevocation(Scores.RevokeCertificate, Scores.Reason));
        if (result.Succeeded)
        {
            TempData["Message"] = "Nilai disimpan. " + Outcome(result.Value!.Registration) + Certificates(result.Value);
            return RedirectToPage(new { id });
        }
        return await FailedAsync(id, result, "Scores", ct);
    }

    public async Task<IActionResult> OnPostAttendanceAsync(long id, CancellationToken ct)
    {
        FailedSession = Attendance.SessionNumber;
        var checkIn = ParseCheckIn(Attendance.CheckIn);
        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(id, ct, keepScores: false);
        }
        var result = await corrections.SetAttendanceAsync(id, Attendance.SessionNumber, Attendance.Status, checkIn, Attendance.Mode,
            Attendance.Version, User.ToActor(), ct, new CertificateRevocation(Attendance.RevokeCertificate, Attendance.Reason));
        if (result.Succeeded)
        {
            TempData["Message"] = $"Kehadiran sesi {Attendance.SessionNumber} disimpan. " + Outcome(result.Value!.Registration) + Certificates(result.Value);
            return RedirectToPage(new { id });
        }
        return await FailedAsync(id, result, "Attendance", ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken ct)
    {
        var result = await corrections.CancelAsync(id, Cancellation.Reason, User.ToActor(), ct,
            new CertificateRevocation(Cancellation.RevokeCertificate, null));
        if (result.Succeeded)
        {
            TempData["Message"] = "Keikutsertaan dibatalkan; tidak lagi dihitung dalam angka mana pun." + Certificates(result.Value!);
            return RedirectToPage(new { id });
        }
        return await FailedAsync(id, result, "Cancellation", ct);
    }

    public async Task<IActionResult> OnPostRestoreAsync(long id, CancellationToken ct)
    {
        var result = await corrections.RestoreAsync(id, Cancellation.Reason, User.ToActor(), ct);
        if (result.Succeeded)
        {
            TempData["Message"] = "Keikutsertaan dipulihkan dan kembali dihitung. " + Outcome(result.Value!.Registration);
            return RedirectToPage(new { id });
        }
        return await FailedAsync(id, result, "Cancellation", ct);
    }

    /// <summary>Lulus, or why not: what the user checks after every correction.</summary>
    public static string Outcome(RegistrationRow r) =>
        r.Cancelled ? $"Status: Dibatalkan ({r.CancellationReason})." : r.Completed ? (r.HighPerforming ? "Status: Lulus, berkinerja tinggi." : "Status: Lulus.") : $"Status: Belum lulus ({r.Reason}).";

    /// <summary>What happened to certificates in the same save.</summary>
    public static string Certificates(CorrectionView v) => Certificates(v.Revoked, v.Reissued);

    public static string Certificates(IReadOnlyList<string> revoked, IReadOnlyList<string> reissued) =>
        (revoked.Count == 0 ? "" : $" Sertifikat {string.Join(", ", revoked)} dicabut.")
        + (reissued.Count == 0 ? "" : $" Sertifikat pengganti diterbitkan: {string.Join(", ", reissued)}.");

    public static string ScoreValue(decimal? score) => score?.ToString("0.#", Formats.Culture) ?? "";

    public static string CheckInValue(DateTime? utc) => utc is { } t
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(t, DateTimeKind.Utc), Formats.Wib).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture)
        : "";

    private async Task<IActionResult> FailedAsync(long id, ServiceResult<CorrectionView> result, string prefix, CancellationToken ct)
    {
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        switch (result.Failure)
        {
            case Failure.Stale when result.Value is not null:
                // Show what is stored now, not what the user typed over an older version.
                ModelState.Clear();
                FailedSession = null;
                Show(result.Value);
                ModelState.AddErrors(result, prefix);
                return Page();
            default:
                ModelState.AddErrors(result, prefix);
                return await RedisplayAsync(id, ct, keepScores: prefix == "Scores");
        }
    }

    private async Task<IActionResult> RedisplayAsync(long id, CancellationToken ct, bool keepScores = true)
    {
        var view = await corrections.GetAsync(id, User.ToActor(), ct);
        if (view is null)
        {
            return NotFound();
        }
        View = view;
        if (!keepScores)
        {
            Scores = ScoresOf(view);
        }
        return Page();
    }

    private void Show(CorrectionView view)
    {
        View = view;
        Scores = ScoresOf(view);
    }

    private static ScoresInput ScoresOf(CorrectionView view) => new()
    {
        PreTest = ScoreValue(view.Registration.PreTest),
        PostTest = ScoreValue(view.Registration.PostTest),
        Version = view.Registration.Version,
    };

    private decimal? ParseScore(string? text, string key)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (Score.TryParse(text, out var score, out var error))
        {
            return score;
        }
        ModelState.AddModelError(key, error!);
        return null;
    }

    private DateTime? ParseCheckIn(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateTime.TryParseExact(text.Trim(), CheckInFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wib))
        {
            return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(wib, DateTimeKind.Unspecified), Formats.Wib);
        }
        ModelState.AddModelError("Attendance.CheckIn", $"Waktu hadir \"{text}\" tidak dapat dibaca; tulis tanggal dan jam WIB, misalnya 16/11/2023 08:05.");
        return null;
    }
}
