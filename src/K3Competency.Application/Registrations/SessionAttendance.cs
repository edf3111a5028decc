using K3Competency.Application.Batches;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Registrations;

/// <summary>
/// One registration's attendance of the session, as the grid shows it; Status and Version null when none is recorded.
/// Certificates: the numbers of its live certificates, which a change of the row may make untrue.
/// </summary>
public sealed record SessionGridRow(
    long RegistrationId, string FullName, string MaskedNik, string? InstitutionName, string? Status, string? Source, uint? Version,
    IReadOnlyList<string> Certificates);

public sealed record SessionGrid(BatchItem Batch, SessionItem Session, IReadOnlyList<SessionGridRow> Rows);

/// <summary>
/// A row of the grid as the user sent it: the status chosen, and the status and version the user saw, so that a row
/// left as it was is not written and a row changed meanwhile by someone else is reported, not overwritten.
/// </summary>
public sealed record SessionGridChange(long RegistrationId, string? Status, string? SeenStatus, uint? SeenVersion);

/// <summary>
/// A row that was not saved: its current value (stale) or what to fix (invalid, or Conflict: a live certificate it would make
/// untrue, named in the message).
/// </summary>
public sealed record SessionGridProblem(long RegistrationId, string FullName, string? CurrentStatus, uint? CurrentVersion, string Message,
    Failure Failure = Failure.Validation);

/// <summary>What a save did: rows written, rows refused, and the certificates revoked and reissued by a confirmed revocation.</summary>
public sealed record SessionGridSaved(int Saved, IReadOnlyList<SessionGridProblem> Problems, SessionGrid Grid)
{
    public IReadOnlyList<string> Revoked { get; init; } = [];
    public IReadOnlyList<string> Reissued { get; init; } = [];
}

/// <summary>
/// The attendance of one session for all registrations the actor may see (an institution admin's own, DESIGN §2), set
/// at once. Each changed row goes through <see cref="CorrectionService.SetAttendanceAsync"/>, so it is checked, versioned,
/// audited and recorded as a hand correction (meeting reports never lower it) exactly as on the per-person page; a row
/// changed meanwhile by someone else is reported with its current value while the other rows are saved.
/// </summary>
public sealed class SessionAttendance(K3DbContext db, BatchService batches, CorrectionService corrections)
{
    public async Task<ServiceResult<SessionGrid>> GetAsync(int batchId, int sessionNumber, Actor actor, CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin && !actor.IsInstitutionAdmin)
        {
            return ServiceResult<SessionGrid>.Fail(Failure.Forbidden, CorrectionService.CorrectorsOnly);
        }
        var found = await batches.FindAsync(batchId, actor, ct);
        if (!found.Succeeded)
        {
            return found.As<SessionGrid>();
        }
        var batch = found.Value!;
        // The finished-batch rule of the uploads: an institution admin is refused the grid itself; Staff give a reason on save.
        if (actor.FinishedBatchFailure<SessionGrid>(Codes.Parse<BatchStatus>(batch.Status), null, writes: false) is { } finished)
        {
            return finished;
        }
        if (batch.Sessions.FirstOrDefault(s => s.Number == sessionNumber) is not { } session)
        {
            return ServiceResult<SessionGrid>.Fail(Failure.NotFound, $"Sesi {sessionNumber} tidak ada pada angkatan ini.");
        }
        var rows = await db.Registrations.AsNoTracking().VisibleTo(actor).Where(r => r.BatchId == batchId)
            .OrderBy(r => r.Participant!.FullName).ThenBy(r => r.Id)
            .Select(r => new
            {
                r.Id, r.Participant!.FullName, r.Participant.Nik, Institution = r.Institution != null ? r.Institution.Name : null,
                Attendance = r.Attendances.Where(a => a.SessionId == session.Id).Select(a => new { a.Status, a.Source, a.Version }).FirstOrDefault(),
                Certificates = db.Certificates.Where(c => c.RegistrationId == r.Id && c.RevokedAt == null).OrderBy(c => c.Number).Select(c => c.Number).ToList(),
            })
            .ToListAsync(ct);
        return ServiceResult<SessionGrid>.Ok(new SessionGrid(batch, session,
        [
            .. rows.Select(r => new SessionGridRow(r.Id, r.FullName, Domain.Rules.Nik.Mask(r.Nik), r.Institution, r.Attendance?.Status.ToCode(),
                r.Attendance?.Source.ToCode(), r.Attendance?.Version, r.Certificates)),
        ]));
    }

    /// <summary>
    /// Writes every row whose status differs from what the user saw; each row is its own transaction. <paramref name="revocation"/>
    /// carries the reason (required on a finished batch) and, when confirmed, revokes (and reissues) the certificates a row's
    /// change makes untrue, as on the per-person page.
    /// </summary>
    public async Task<ServiceResult<SessionGridSaved>> SaveAsync(int batchId, int sessionNumber, IReadOnlyList<SessionGridChange> changes,
        Actor actor, CancellationToken ct, CertificateRevocation? revocation = null)
    {
        var grid = await GetAsync(batchId, sessionNumber, actor, ct);
        if (!grid.Succeeded)
        {
            return grid.As<SessionGridSaved>();
        }
        var visible = grid.Value!.Rows.ToDictionary(r => r.RegistrationId);
        var sessionId = grid.Value.Session.Id;
        var saved = 0;
        var problems = new List<SessionGridProblem>();
        var changed = changes.Where(c => !SameStatus(c.Status, c.SeenStatus)).ToList();
        if (changed.Any(c => !visible.ContainsKey(c.RegistrationId)))
        {
            // A registration of another batch or institution in the form: nothing is written, and it is never named.
            return ServiceResult<SessionGridSaved>.Fail(Failure.Forbidden, "Formulir memuat peserta di luar angkatan atau lembaga Anda.");
        }
        // Once for the whole form rather than once per row: a finished batch needs the reason before anything is written.
        if (changed.Count > 0 && actor.FinishedBatchFailure<SessionGridSaved>(Codes.Parse<BatchStatus>(grid.Value.Batch.Status), revocation?.Reason) is { } finished)
        {
            return finished;
        }
        var revoked = new List<string>();
        var reissued = new List<string>();
        foreach (var change in changed)
        {
            var row = visible[change.RegistrationId];
            // The grid sets the status only; the check-in time and mode stay as recorded.
            var kept = await db.Attendances.AsNoTracking().Where(a => a.RegistrationId == change.RegistrationId && a.SessionId == sessionId)
                .Select(a => new { a.CheckInAt, a.Mode }).SingleOrDefaultAsync(ct);
            var result = await corrections.SetAttendanceAsync(change.RegistrationId, sessionNumber, change.Status, kept?.CheckInAt,
                kept?.Mode?.ToCode(), change.SeenVersion, actor, ct, revocation);
            if (result.Succeeded)
            {
                saved++;
                revoked.AddRange(result.Value!.Revoked);
                reissued.AddRange(result.Value.Reissued);
                continue;
            }
            var cell = result.Value?.Sessions.SingleOrDefault(s => s.SessionNumber == sessionNumber);
            problems.Add(new SessionGridProblem(change.RegistrationId, row.FullName, cell?.Status ?? row.Status, cell is null ? row.Version : cell.Version,
                result.Message, result.Failure));
        }
        var after = await GetAsync(batchId, sessionNumber, actor, ct);
        return after.Succeeded
            ? ServiceResult<SessionGridSaved>.Ok(new SessionGridSaved(saved, problems, after.Value!) { Revoked = revoked, Reissued = reissued })
            : after.As<SessionGridSaved>();
    }

    private static bool SameStatus(string? a, string? b) =>
        string.Equals(string.IsNullOrWhiteSpace(a) ? null : a.Trim(), string.IsNullOrWhiteSpace(b) ? null : b.Trim(), StringComparison.OrdinalIgnoreCase);
}
