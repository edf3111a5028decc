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
/// Hand corrections of one registration: the attendance of every session (one form, one button; each session checked
/// against its own version) and the pre/post-test scores. Every save shows the completion that results, with its
/// reason; a session that is not saved keeps what the user typed, with the reason beside it.
/// </summary>
public sealed class EditModel(CorrectionService corrections, PersonAttendance attendance) : PageModel
{
    private static readonly string[] CheckInFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "dd/MM/yyyy HH:mm", "d/M/yyyy H:mm"];

    public CorrectionView View { get; private set; } = null!;

    [BindProperty]
    public ScoresInput Scores { get; set; } = new();

    /// <summary>One entry per session of the batch, in session order.</summary>
    [BindProperty]
    public List<AttendanceInput> Attendance { get; set; } = [];

    [BindProperty]
    public CancellationInput Cancellation { get; set; } = new();

    /// <summary>The attendance form's one confirmation, sent with every session it saves.</summary>
    [BindProperty]
    public RevocationInput AttendanceRevocation { get; set; } = new();

    /// <summary>As for scores: confirms revoking the certificate a change makes untrue; the reason is also a finished batch's.</summary>
    public sealed class RevocationInput
    {
        public bool RevokeCertificate { get; set; }
        public string? Reason { get; set; }
    }

    /// <summary>The sessions that were not saved, by session number: their messages by field ("" for the session as a whole).</summary>
    public IReadOnlyDictionary<int, IReadOnlyDictionary<string, string[]>> Unsaved { get; private set; } =
        new Dictionary<int, IReadOnlyDictionary<string, string[]>>();

    /// <summary>After a save of attendance that left sessions unsaved: what was and was not saved.</summary>
    public string? AttendanceNotice { get; private set; }

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

    /// <summary>A session's row as sent: what the user chose, and (hidden) what the page showed, so an untouched row is not written.</summary>
    public sealed class AttendanceInput
    {
        public int SessionNumber { get; set; }
        public string? Status { get; set; }
        /// <summary>WIB, as a datetime-local field sends it (2023-11-16T08:05) or typed as 16/11/2023 08:05.</summary>
        public string? CheckIn { get; set; }
        public string? Mode { get; set; }
        public string? SeenStatus { get; set; }
        public string? SeenCheckIn { get; set; }
        public string? SeenMode { get; set; }
        /// <summary>Empty when the user saw no attendance row for the session.</summary>
        public uint? Version { get; set; }
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

    /// <summary>
    /// Saves every session whose row differs from what the page showed. When one is refused, the page comes back with every
    /// row as the user left it and the reason on each refused row; the sessions saved meanwhile are saved.
    /// </summary>
    public async Task<IActionResult> OnPostAttendanceAsync(long id, CancellationToken ct)
    {
        var unreadable = new Dictionary<int, IReadOnlyDictionary<string, string[]>>();
        var edits = new List<AttendanceEdit>();
        foreach (var row in Attendance)
        {
            var checkIn = ParseCheckIn(row.CheckIn, out var checkInError);
            if (checkInError is not null)
            {
                unreadable[row.SessionNumber] = new Dictionary<string, string[]> { ["checkIn"] = [checkInError] };
                continue;
            }
            edits.Add(new AttendanceEdit(row.SessionNumber, row.Status, checkIn, row.Mode, row.SeenStatus, ParseCheckIn(row.SeenCheckIn, out _),
                row.SeenMode, row.Version));
        }
        if (unreadable.Count > 0)
        {
            // A time that cannot be read: nothing is saved, every row stays as typed.
            return await UnsavedAsync(id, unreadable, null, 0, ct);
        }
        var result = await attendance.SaveAsync(id, edits, new CertificateRevocation(AttendanceRevocation.RevokeCertificate, AttendanceRevocation.Reason),
            User.ToActor(), ct);
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        var saved = result.Value!;
        if (saved.Problems.Count == 0)
        {
            TempData["Message"] = (saved.Saved == 0 ? "Tidak ada perubahan kehadiran. " : $"Kehadiran {Formats.Number(saved.Saved)} sesi disimpan. ")
                                  + Outcome(saved.View.Registration) + Certificates(saved.View);
            return RedirectToPage(new { id });
        }
        return await UnsavedAsync(id, saved.Problems.ToDictionary(p => p.SessionNumber, p => p.Errors), saved.View, saved.Saved, ct);
    }

    /// <summary>
    /// The page again with every attendance row as the user sent it and the reasons on the rows not saved. When the
    /// sessions were tried (<paramref name="view"/> given), a refused row takes the values and version stored now as what
    /// it has seen, so saving again writes the user's choice on purpose, and the other rows show what is stored.
    /// </summary>
    private async Task<IActionResult> UnsavedAsync(long id, Dictionary<int, IReadOnlyDictionary<string, string[]>> unsaved, CorrectionView? view,
        int saved, CancellationToken ct)
    {
        var tried = view is not null;
        view ??= await corrections.GetAsync(id, User.ToActor(), ct);
        if (view is null)
        {
            return NotFound();
        }
        View = view;
        Scores = ScoresOf(view);
        Unsaved = unsaved.ToDictionary(u => u.Key, u => u.Value);
        var sent = Attendance.DistinctBy(a => a.SessionNumber).ToDictionary(a => a.SessionNumber);
        Attendance = [.. view.Sessions.Select(cell =>
        {
            if (!sent.TryGetValue(cell.SessionNumber, out var row) || (tried && !unsaved.ContainsKey(cell.SessionNumber)))
            {
                return Shown(cell);
            }
            if (tried)
            {
                (row.SeenStatus, row.SeenCheckIn, row.SeenMode, row.Version) = (cell.Status, CheckInValue(cell.CheckInUtc), cell.Mode, cell.Version);
            }
            return row;
        })];
        ModelState.Clear();
        foreach (var (session, errors) in unsaved.OrderBy(u => u.Key))
        {
            ModelState.AddModelError("", $"Sesi {session} belum disimpan: {string.Join(" ", errors.SelectMany(e => e.Value))}");
        }
        // A reason the confirmation lacks is said beside its field too, once.
        if (unsaved.Values.SelectMany(e => e.TryGetValue("reason", out var m) ? m : []).FirstOrDefault() is { } reasonError)
        {
            ModelState.AddModelError("AttendanceRevocation.Reason", reasonError);
        }
        AttendanceNotice = saved == 0
            ? "Kehadiran belum disimpan. Isian Anda tetap di bawah; perbaiki baris yang ditandai lalu tekan Simpan kehadiran lagi."
            : $"Kehadiran {Formats.Number(saved)} sesi disimpan; {Formats.Number(unsaved.Count)} sesi belum. Isian Anda tetap di bawah; lihat baris yang ditandai.";
        return Page();
    }

    private static AttendanceInput Shown(AttendanceCell cell) => new()
    {
        SessionNumber = cell.SessionNumber, Status = cell.Status, CheckIn = CheckInValue(cell.CheckInUtc), Mode = cell.Mode,
        SeenStatus = cell.Status, SeenCheckIn = CheckInValue(cell.CheckInUtc), SeenMode = cell.Mode, Version = cell.Version,
    };

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
        Attendance = [.. view.Sessions.Select(Shown)];
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
        Attendance = [.. view.Sessions.Select(Shown)];
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

    private static DateTime? ParseCheckIn(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateTime.TryParseExact(text.Trim(), CheckInFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wib))
        {
            return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(wib, DateTimeKind.Unspecified), Formats.Wib);
        }
        error = $"Waktu hadir \"{text}\" tidak dapat dibaca; tulis tanggal dan jam WIB, misalnya 16/11/2023 08:05.";
        return null;
    }
}
