using System.Globalization;
using K3Competency.Application.Auditing;
using K3Competency.Application.Certificates;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Registrations;

/// <summary>One session of a registration: its attendance row, or none yet (Status and Version null).</summary>
public sealed record AttendanceCell(int SessionNumber, DateOnly Date, string? Title, string? Status, DateTime? CheckInUtc, string? Mode, uint? Version);

/// <summary>
/// What a hand correction works on: the registration with its completion and reason, the programme's thresholds,
/// and one cell per session of the batch.
/// </summary>
public sealed record CorrectionView(
    RegistrationRow Registration, string ProgrammeName, decimal MinAttendancePercent, decimal PassingScore, decimal HighPerformanceScore,
    IReadOnlyList<AttendanceCell> Sessions, bool BatchFinished = false)
{
    /// <summary>After a save that revoked certificates: their numbers, and those of the corrected ones issued instead.</summary>
    public IReadOnlyList<string> Revoked { get; init; } = [];
    public IReadOnlyList<string> Reissued { get; init; } = [];
}

/// <summary>
/// The confirmation a correction needs when it would make a live certificate untrue: revoke it (reason required) and,
/// where the registration still completes, issue a corrected one in the same transaction.
/// </summary>
public sealed record CertificateRevocation(bool Confirmed, string? Reason)
{
    public static readonly CertificateRevocation None = new(false, null);

    /// <summary>The reason to revoke with when confirmed (null when not), or the message saying what to fix.</summary>
    public string? CheckedReason(out string? error)
    {
        error = null;
        return Confirmed ? CertificateService.CheckReason(Reason, out error) : null;
    }
}

/// <summary>
/// Hand corrections of scores and attendance by Staff and Admin (DESIGN §2; attendance also by a partner institution's
/// admin for its own registrations, from the session grid), one registration at a time, each with an
/// optimistic concurrency check on the row's xmin and an audit entry in the same SaveChanges. Bulk changes are the
/// imports'. A stale result carries the current values in Value, so a caller can show them beside the message.
/// </summary>
public sealed class CorrectionService(K3DbContext db, ParticipantQueries queries, CertificateService certificates, CertificateStanding standing,
    TimeProvider time)
{
    private const string StaffOnly = "Hanya Staf Direktorat dan Admin yang dapat mengoreksi kehadiran dan nilai.";
    private const string ScoresScope = "Hanya Staf Direktorat, Admin, dan admin lembaga mitra untuk peserta lembaganya yang dapat mengubah nilai.";
    private const string CancelStaffOnly = "Hanya Staf Direktorat dan Admin yang dapat membatalkan atau memulihkan keikutsertaan.";
    private const string Unknown = "Keikutsertaan tidak ditemukan.";

    /// <summary>Attendance may also be corrected by a partner institution's admin, for its own registrations (the session grid).</summary>
    public const string CorrectorsOnly = "Hanya Staf Direktorat, Admin atau admin lembaga mitra yang dapat mengoreksi kehadiran.";

    public async Task<CorrectionView?> GetAsync(long registrationId, Actor actor, CancellationToken ct)
    {
        var row = await queries.RegistrationAsync(registrationId, actor, ct);
        if (row is null)
        {
            return null;
        }
        var programme = await db.Batches.AsNoTracking().Where(b => b.Id == row.BatchId)
            .Select(b => new { b.Programme!.Name, b.Programme.MinAttendancePercent, b.Programme.PassingScore, b.Programme.HighPerformanceScore, b.Status })
            .SingleAsync(ct);
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.BatchId == row.BatchId).OrderBy(s => s.Number)
            .Select(s => new { s.Id, s.Number, s.Date, s.Title }).ToListAsync(ct);
        var attendances = await db.Attendances.AsNoTracking().Where(a => a.BatchId == row.BatchId && a.RegistrationId == registrationId)
            .Select(a => new { a.SessionId, a.Status, a.CheckInAt, a.Mode, a.Version }).ToDictionaryAsync(a => a.SessionId, ct);
        var cells = sessions.Select(s => attendances.TryGetValue(s.Id, out var a)
            ? new AttendanceCell(s.Number, s.Date, s.Title, a.Status.ToCode(), a.CheckInAt, a.Mode?.ToCode(), a.Version)
            : new AttendanceCell(s.Number, s.Date, s.Title, null, null, null, null)).ToList();
        return new CorrectionView(row, programme.Name, programme.MinAttendancePercent, programme.PassingScore, programme.HighPerformanceScore, cells,
            programme.Status == BatchStatus.Finished);
    }

    /// <summary>
    /// Sets both scores (null clears one). <paramref name="version"/> is the registration's Version as the user saw it
    /// (null: no check, the API's last write). A change that makes a live certificate untrue is refused (Conflict,
    /// naming it) unless <paramref name="revocation"/> confirms revoking it.
    /// </summary>
    public async Task<ServiceResult<CorrectionView>> SetScoresAsync(long registrationId, decimal? preTest, decimal? postTest, uint? version,
        Actor actor, CancellationToken ct, CertificateRevocation? revocation = null)
    {
        revocation ??= CertificateRevocation.None;
        if (!actor.IsStaffOrAdmin && !actor.IsInstitutionAdmin)
        {
            return ServiceResult<CorrectionView>.Fail(Failure.Forbidden, "", ScoresScope);
        }
        var errors = new Dictionary<string, string[]>();
        CheckScore(preTest, "preTest", errors);
        CheckScore(postTest, "postTest", errors);
        var reason = CheckRevocation(revocation, errors);
        if (errors.Count > 0)
        {
            return ServiceResult<CorrectionView>.Invalid(errors);
        }
        var registration = await db.Registrations.VisibleTo(actor).SingleOrDefaultAsync(r => r.Id == registrationId, ct);
        if (registration is null)
        {
            return await db.Registrations.AnyAsync(r => r.Id == registrationId, ct)
                ? ServiceResult<CorrectionView>.Fail(Failure.Forbidden, "", ScoresScope)
                : ServiceResult<CorrectionView>.Fail(Failure.NotFound, "", Unknown);
        }
        var status = await db.Batches.Where(b => b.Id == registration.BatchId).Select(b => b.Status).SingleAsync(ct);
        if (actor.FinishedBatchFailure<CorrectionView>(status, revocation.Reason) is { } finished)
        {
            return finished;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var before = new { preTest = registration.PreTestScore, postTest = registration.PostTestScore };
        if (version is { } seen)
        {
            db.Entry(registration).Property(r => r.Version).OriginalValue = seen;
        }
        registration.PreTestScore = preTest;
        registration.PostTestScore = postTest;
        registration.UpdatedAt = now;
        // Always write the row, so that a stale version is refused even when the scores did not change.
        db.Entry(registration).Property(r => r.UpdatedAt).IsModified = true;
        Audit.Add(db, actor, "registration.scores", nameof(Registration), registrationId, before,
            new { preTest, postTest, reason = revocation.Reason?.Trim() }, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var current = await GetAsync(registrationId, actor, ct);
            if (current is null)
            {
                return ServiceResult<CorrectionView>.Fail(Failure.NotFound, "", Unknown);
            }
            var r = current.Registration;
            return Stale(current, $"Nilai peserta ini baru saja diubah oleh pengguna lain. Nilai terbaru: pre-test {Show(r.PreTest)}, " +
                                  $"post-test {Show(r.PostTest)}. Periksa nilai di bawah, lalu simpan lagi bila perlu.");
        }
        return await SettleCertificatesAsync(tx, registrationId, reason, actor, now, ct);
    }

    /// <summary>
    /// Cancels a registration with a reason: it stays on record, shown as cancelled, and leaves every figure (k3_counts).
    /// A live certificate resting on it is refused (Conflict) unless <paramref name="revocation"/> confirms revoking it.
    /// </summary>
    public async Task<ServiceResult<CorrectionView>> CancelAsync(long registrationId, string? reason, Actor actor, CancellationToken ct,
        CertificateRevocation? revocation = null)
    {
        if (!actor.IsStaffOrAdmin)
        {
            return ServiceResult<CorrectionView>.Fail(Failure.Forbidden, "", CancelStaffOnly);
        }
        var errors = new Dictionary<string, string[]>();
        var trimmed = CheckCancellationReason(reason, errors);
        // The cancellation's reason is the revocation's: one reason for one confirmed action.
        var revokeWith = CheckRevocation(revocation is { Confirmed: true } ? revocation with { Reason = revocation.Reason ?? trimmed } : CertificateRevocation.None, errors);
        if (errors.Count > 0)
        {
            return ServiceResult<CorrectionView>.Invalid(errors);
        }
        var registration = await db.Registrations.SingleOrDefaultAsync(r => r.Id == registrationId, ct);
        if (registration is null)
        {
            return ServiceResult<CorrectionView>.Fail(Failure.NotFound, "", Unknown);
        }
        if (registration.CancelledAt is not null)
        {
            return ServiceResult<CorrectionView>.Fail(Failure.Conflict, "", "Keikutsertaan ini sudah dibatalkan; pulihkan bila pembatalannya keliru.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        registration.CancelledAt = now;
        registration.CancelledBy = actor.UserId;
        registration.CancellationReason = trimmed;
        registration.UpdatedAt = now;
        Audit.Add(db, actor, "registration.cancel", nameof(Registration), registrationId, null, new { reason = trimmed }, now);
        return await SaveAndSettleAsync(registrationId, revokeWith, actor, now, ct);
    }

    /// <summary>Restores a cancelled registration: it counts again in every figure. The reason goes into the audit.</summary>
    public async Task<ServiceResult<CorrectionView>> RestoreAsync(long registrationId, string? reason, Actor actor, CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin)
        {
            return ServiceResult<CorrectionView>.Fail(Failure.Forbidden, "", CancelStaffOnly);
        }
        var errors = new Dictionary<string, string[]>();
        var trimmed = CheckCancellationReason(reason, errors, "Alasan pemulihan");
        if (errors.Count > 0)
        {
            return ServiceResult<CorrectionView>.Invalid(errors);
        }
        var registration = await db.Registrations.SingleOrDefaultAsync(r => r.Id == registrationId, ct);
        if (registration is null)
        {
            return ServiceResult<CorrectionView>.Fail(Failure.NotFound, "", Unknown);
        }
        if (registration.CancelledAt is null)
        {
            return ServiceResult<CorrectionView>.Fail(Failure.Conflict, "", "Keikutsertaan ini tidak dibatalkan, jadi tidak ada yang dipulihkan.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var before = new { cancelledAt = registration.CancelledAt, reason = registration.CancellationReason };
        registration.CancelledAt = null;
        registration.CancelledBy = null;
        registration.CancellationReason = null;
        registration.UpdatedAt = now;
        Audit.Add(db, actor, "registration.restore", nameof(Registration), registrationId, before, new { reason = trimmed }, now);
        return await SaveAndSettleAsync(registrationId, null, actor, now, ct);
    }

    private async Task<ServiceResult<CorrectionView>> SaveAndSettleAsync(long registrationId, string? revocationReason, Actor actor, DateTime now,
        CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return ServiceResult<CorrectionView>.Fail(Failure.Conflict, "", "Keikutsertaan ini baru saja diubah oleh pengguna lain; muat ulang halaman lalu coba lagi.");
        }
        return await SettleCertificatesAsync(tx, registrationId, revocationReason, actor, now, ct);
    }

    private static string? CheckCancellationReason(string? reason, Dictionary<string, string[]> errors, string what = "Alasan pembatalan")
    {
        var trimmed = reason?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            errors["reason"] = [$"{what} wajib diisi."];
            return null;
        }
        if (trimmed.Length > FieldLengths.Reason)
        {
            errors["reason"] = [$"{what} paling banyak {FieldLengths.Reason} karakter; persingkat alasannya."];
            return null;
        }
        return trimmed;
    }

    /// <summary>
    /// After the correction is written, before commit: the certificates it would make untrue are refused (rolled back),
    /// or, when confirmed by Staff/Admin, revoked and reissued in the same transaction; then commit.
    /// </summary>
    private async Task<ServiceResult<CorrectionView>> SettleCertificatesAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx,
        long registrationId, string? revocationReason, Actor actor, DateTime now, CancellationToken ct)
    {
        var untrue = await standing.UntrueAsync([registrationId], ct);
        var settled = await certificates.SettleWithinAsync(untrue, revocationReason, actor, now, CertificateStanding.Refusal, ct);
        if (!settled.Succeeded)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return settled.As<CorrectionView>();
        }
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return ServiceResult<CorrectionView>.Ok((await GetAsync(registrationId, actor, ct))! with
        {
            Revoked = settled.Value!.Revoked,
            Reissued = settled.Value.Reissued,
        });
    }

    /// <summary>The reason to revoke with, when revocation is confirmed; its errors otherwise go to "reason".</summary>
    private static string? CheckRevocation(CertificateRevocation revocation, Dictionary<string, string[]> errors)
    {
        var reason = revocation.CheckedReason(out var error);
        if (error is not null)
        {
            errors["reason"] = [error];
        }
        return reason;
    }

    /// <summary>
    /// Adds, changes or (status null) removes the attendance of one session. <paramref name="version"/> is the row's
    /// Version as the user saw it, null when the user saw no row; either mismatch is a stale edit. Check-in and mode are
    /// ignored on removal.
    /// </summary>
    public async Task<ServiceResult<CorrectionView>> SetAttendanceAsync(long registrationId, int sessionNumber, string? status, DateTime? checkInUtc,
        string? mode, uint? version, Actor actor, CancellationToken ct, CertificateRevocation? revocation = null)
    {
        revocation ??= CertificateRevocation.None;
        if (!actor.IsStaffOrAdmin && !actor.IsInstitutionAdmin)
        {
            return ServiceResult<CorrectionView>.Fail(Failure.Forbidden, "", CorrectorsOnly);
        }
        var errors = new Dictionary<string, string[]>();
        var revokeWith = CheckRevocation(revocation, errors);
        AttendanceStatus? newStatus = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (Codes.TryParse<AttendanceStatus>(status, out var s))
            {
                newStatus = s;
            }
            else
            {
                errors["status"] = ["Status kehadiran harus HADIR, TERLAMBAT, IZIN atau ALPA (atau kosong untuk menghapus)."];
            }
        }
        AttendanceMode? newMode = null;
        if (!string.IsNullOrWhiteSpace(mode))
        {
            if (Codes.TryParse<AttendanceMode>(mode, out var m))
            {
                newMode = m;
            }
            else
            {
                errors["mode"] = ["Mode kehadiran harus LURING atau DARING, atau dikosongkan."];
            }
        }
        var registration = await db.Registrations.AsNoTracking().Where(r => r.Id == registrationId)
            .Select(r => new { r.Id, r.BatchId, r.Batch!.Status, Visible = db.Registrations.VisibleTo(actor).Any(v => v.Id == r.Id) }).SingleOrDefaultAsync(ct);
        if (registration is null)
        {
            return ServiceResult<CorrectionView>.Fail(Failure.NotFound, "", Unknown);
        }
        if (!registration.Visible)
        {
            return ServiceResult<CorrectionView>.Fail(Failure.Forbidden, "", "Admin lembaga hanya dapat mengoreksi kehadiran peserta lembaganya sendiri.");
        }
        if (actor.FinishedBatchFailure<CorrectionView>(registration.Status, revocation.Reason) is { } finished)
        {
            return finished;
        }
        var sessionId = await db.Sessions.Where(s => s.BatchId == registration.BatchId && s.Number == sessionNumber)
            .Select(s => (int?)s.Id).SingleOrDefaultAsync(ct);
        if (sessionId is null)
        {
            errors["sessionNumber"] = [$"Sesi {sessionNumber} tidak ada pada angkatan ini."];
        }
        if (errors.Count > 0)
        {
            return ServiceResult<CorrectionView>.Invalid(errors);
        }

        var row = await db.Attendances.SingleOrDefaultAsync(
            a => a.BatchId == registration.BatchId && a.RegistrationId == registrationId && a.SessionId == sessionId, ct);
        // The user saw no row but one exists now, or saw one that someone else has since removed.
        if ((row is not null && version is null) || (row is null && version is not null && newStatus is not null))
        {
            return await StaleAttendanceAsync(registrationId, sessionNumber, actor, ct);
        }
        if (row is null && newStatus is null)
        {
            // Nothing recorded and nothing wanted: no change, nothing to audit.
            return ServiceResult<CorrectionView>.Ok((await GetAsync(registrationId, actor, ct))!);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var before = row is null ? null : Snapshot(sessionNumber, row.Status, row.CheckInAt, row.Mode);
        var checkIn = checkInUtc is { } t ? (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc)) : (DateTime?)null;
        if (row is null)
        {
            db.Attendances.Add(new Attendance
            {
                BatchId = registration.BatchId, RegistrationId = registrationId, SessionId = sessionId!.Value, Status = newStatus!.Value, CheckInAt = checkIn,
                Mode = newMode, Source = AttendanceSource.Correction, UpdatedAt = now,
            });
        }
        else
        {
            db.Entry(row).Property(a => a.Version).OriginalValue = version!.Value;
            if (newStatus is null)
            {
                db.Attendances.Remove(row);
            }
            else
            {
                row.Status = newStatus.Value;
                row.CheckInAt = checkIn;
                row.Mode = newMode;
                row.Source = AttendanceSource.Correction;
                row.UpdatedAt = now;
                db.Entry(row).Property(a => a.UpdatedAt).IsModified = true;
            }
        }
        // The reason (a finished batch's correction, or the revocation's) goes into the audit with the change.
        var reason = string.IsNullOrWhiteSpace(revocation.Reason) ? null : revocation.Reason.Trim();
        object? after = newStatus is null
            ? reason is null ? null : new { session = sessionNumber, reason }
            : new { session = sessionNumber, status = newStatus.Value.ToCode(), checkInAt = checkIn, mode = newMode?.ToCode(), reason };
        Audit.Add(db, actor, newStatus is null ? "attendance.remove" : "attendance.correct", nameof(Registration), registrationId, before, after, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            return await StaleAttendanceAsync(registrationId, sessionNumber, actor, ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Another user (or an import) added this session's row between our read and our insert.
            await tx.RollbackAsync(ct);
            return await StaleAttendanceAsync(registrationId, sessionNumber, actor, ct);
        }
        // Attendance that ends a certificated completion is refused naming the certificate, unless revocation is confirmed.
        return await SettleCertificatesAsync(tx, registrationId, revokeWith, actor, now, ct);
    }

    private async Task<ServiceResult<CorrectionView>> StaleAttendanceAsync(long registrationId, int sessionNumber, Actor actor, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var current = await GetAsync(registrationId, actor, ct);
        if (current is null)
        {
            return ServiceResult<CorrectionView>.Fail(Failure.NotFound, "", Unknown);
        }
        var cell = current.Sessions.Single(s => s.SessionNumber == sessionNumber);
        var now = cell.Status is null ? "belum ada data kehadiran" : DisplayNames.Of(Codes.Parse<AttendanceStatus>(cell.Status));
        return Stale(current, $"Kehadiran sesi {sessionNumber} peserta ini baru saja diubah oleh pengguna lain; isinya sekarang: {now}. " +
                              "Periksa nilai di bawah, lalu simpan lagi bila perlu.");
    }

    private static ServiceResult<CorrectionView> Stale(CorrectionView current, string message) =>
        new(current, Failure.Stale, new Dictionary<string, string[]> { [""] = [message] });

    private static object Snapshot(int session, AttendanceStatus status, DateTime? checkInAt, AttendanceMode? mode) =>
        new { session, status = status.ToCode(), checkInAt, mode = mode?.ToCode() };

    private static void CheckScore(decimal? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is { } v && !Score.Check(v, v.ToString("0.##########", Formats.Culture), out _, out var error))
        {
            errors[field] = [error!];
        }
    }

    private static string Show(decimal? score) => score is { } s ? s.ToString("0.#", Formats.Culture) : "kosong";
}
