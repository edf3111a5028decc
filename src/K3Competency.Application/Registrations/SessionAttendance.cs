using K3Competency.Application.Batches;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Registrations;

/// <summary>One registration's attendance of the session, as the grid shows it; Status and Version null when none is recorded.</summary>
public sealed record SessionGridRow(
    long RegistrationId, string FullName, string MaskedNik, string? InstitutionName, string? Status, string? Source, uint? Version);

public sealed record SessionGrid(BatchItem Batch, SessionItem Session, IReadOnlyList<SessionGridRow> Rows);

/// <summary>
/// A row of the grid as the user sent it: the status chosen, and the status and version the user saw, so that a row
/// left as it was is not written and a row changed meanwhile by someone else is reported, not overwritten.
/// </summary>
public sealed record SessionGridChange(long RegistrationId, string? Status, string? SeenStatus, uint? SeenVersion);

/// <summary>A row that was not saved: its current value (stale) or what to fix (invalid).</summary>
public sealed record SessionGridProblem(long RegistrationId, string FullName, string? CurrentStatus, uint? CurrentVersion, string Message);

public sealed record SessionGridSaved(int Saved, IReadOnlyList<SessionGridProblem> Problems, SessionGrid Grid);

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
            })
            .ToListAsync(ct);
        return ServiceResult<SessionGrid>.Ok(new SessionGrid(batch, session,
        [
            .. rows.Select(r => new SessionGridRow(r.Id, r.FullName, Domain.Rules.Nik.Mask(r.Nik), r.Institution, r.Attendance?.Status.ToCode(),
                r.Attendance?.Source.ToCode(), r.Attendance?.Version)),
        ]));
    }

    /// <summary>Writes every row whose status differs from what the user saw; each row is its own transaction.</summary>
    public async Task<ServiceResult<SessionGridSaved>> SaveAsync(int batchId, int sessionNumber, IReadOnlyList<SessionGridChange> changes,
        Actor actor, CancellationToken ct)
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
        foreach (var change in changed)
        {
            var row = visible[change.RegistrationId];
            // The grid sets the status only; the check-in time and mode stay as recorded.
            var kept = await db.Attendances.AsNoTracking().Where(a => a.RegistrationId == change.RegistrationId && a.SessionId == sessionId)
                .Select(a => new { a.CheckInAt, a.Mode }).SingleOrDefaultAsync(ct);
            var result = await corrections.SetAttendanceAsync(change.RegistrationId, sessionNumber, change.Status, kept?.CheckInAt,
                kept?.Mode?.ToCode(), change.SeenVersion, actor, ct);
            if (result.Succeeded)
            {
                saved++;
                continue;
            }
            var cell = result.Value?.Sessions.SingleOrDefault(s => s.SessionNumber == sessionNumber);
            problems.Add(new SessionGridProblem(change.RegistrationId, row.FullName, cell?.Status ?? row.Status, cell is null ? row.Version : cell.Version,
                result.Message));
        }
        var after = await GetAsync(batchId, sessionNumber, actor, ct);
        return after.Succeeded
            ? ServiceResult<SessionGridSaved>.Ok(new SessionGridSaved(saved, problems, after.Value!))
            : after.As<SessionGridSaved>();
    }

    private static bool SameStatus(string? a, string? b) =>
        string.Equals(string.IsNullOrWhiteSpace(a) ? null : a.Trim(), string.IsNullOrWhiteSpace(b) ? null : b.Trim(), StringComparison.OrdinalIgnoreCase);
}
