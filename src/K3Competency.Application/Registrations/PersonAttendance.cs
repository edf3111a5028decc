using K3Competency.Application.Identity;

namespace K3Competency.Application.Registrations;

/// <summary>
/// One session of the per-person form as the user sent it: what they chose, and the values and version they saw, so that
/// a session left as it was is not written and one changed meanwhile by someone else is reported, not overwritten.
/// </summary>
public sealed record AttendanceEdit(int SessionNumber, string? Status, DateTime? CheckInUtc, string? Mode,
    string? SeenStatus, DateTime? SeenCheckInUtc, string? SeenMode, uint? SeenVersion)
{
    public bool Changed =>
        !Same(Status, SeenStatus) || (Status is not null && (CheckInUtc != SeenCheckInUtc || !Same(Mode, SeenMode)));

    private static bool Same(string? a, string? b) =>
        string.Equals(string.IsNullOrWhiteSpace(a) ? null : a.Trim(), string.IsNullOrWhiteSpace(b) ? null : b.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>A session that was not saved, and why: the messages by field ("" for the session as a whole).</summary>
public sealed record AttendanceEditProblem(int SessionNumber, IReadOnlyDictionary<string, string[]> Errors)
{
    public string Message => string.Join(" ", Errors.SelectMany(e => e.Value));
}

/// <summary>How many sessions were saved, those that were not, and the registration as stored now (what each session holds).</summary>
public sealed record AttendanceEditsSaved(int Saved, IReadOnlyList<AttendanceEditProblem> Problems, CorrectionView View);

/// <summary>
/// The attendance of every session of one registration, saved with one button on the per-person correction page. Each
/// changed session goes through <see cref="CorrectionService.SetAttendanceAsync"/> as the session grid's rows do: checked,
/// versioned, audited, checked against the batch's status and the certificates, and its own transaction; a session refused
/// (changed meanwhile, invalid, or making a certificate untrue without the confirmation) is reported with its reason while
/// the others are saved.
/// </summary>
public sealed class PersonAttendance(CorrectionService corrections)
{
    /// <summary>
    /// <paramref name="revocation"/> goes with every session: it confirms revoking (and reissuing) the certificate a change
    /// would make untrue, and its reason is a finished batch's correction reason.
    /// </summary>
    public async Task<ServiceResult<AttendanceEditsSaved>> SaveAsync(long registrationId, IReadOnlyList<AttendanceEdit> edits,
        CertificateRevocation revocation, Actor actor, CancellationToken ct)
    {
        var view = await corrections.GetAsync(registrationId, actor, ct);
        if (view is null)
        {
            return ServiceResult<AttendanceEditsSaved>.Fail(Failure.NotFound, "", "Keikutsertaan tidak ditemukan.");
        }
        var saved = 0;
        var problems = new List<AttendanceEditProblem>();
        var (revoked, reissued) = (new List<string>(), new List<string>());
        foreach (var edit in edits.Where(e => e.Changed).DistinctBy(e => e.SessionNumber))
        {
            var result = await corrections.SetAttendanceAsync(registrationId, edit.SessionNumber, edit.Status, edit.CheckInUtc, edit.Mode,
                edit.SeenVersion, actor, ct, revocation);
            if (result.Succeeded)
            {
                saved++;
                view = result.Value!;
                revoked.AddRange(view.Revoked);
                reissued.AddRange(view.Reissued);
                continue;
            }
            if (result.Failure is Failure.Forbidden or Failure.NotFound)
            {
                // Not this session's problem but the whole registration's: nothing more is tried.
                return result.As<AttendanceEditsSaved>();
            }
            problems.Add(new AttendanceEditProblem(edit.SessionNumber, result.Errors));
        }
        if (problems.Count > 0)
        {
            // What the refused sessions hold now: another user's change is shown beside the input that was not saved.
            view = await corrections.GetAsync(registrationId, actor, ct) ?? view;
        }
        return ServiceResult<AttendanceEditsSaved>.Ok(new AttendanceEditsSaved(saved, problems, view with { Revoked = revoked, Reissued = reissued }));
    }
}
