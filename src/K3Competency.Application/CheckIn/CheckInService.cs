using K3Competency.Application.Certificates;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace K3Competency.Application.CheckIn;

/// <summary>What the check-in display shows: the session, its current token, and the count so far.</summary>
public sealed record CheckInDisplay(
    int BatchId, int BatchNumber, string ProgrammeCode, int SessionId, int SessionNumber, DateOnly Date, TimeOnly Start, TimeOnly End, string? Title,
    bool IsToday, string Token, DateTime ExpiresAt, int CheckedIn, int Registered);

/// <summary>The answer to a check-in (DESIGN §12): the status, the masked name, the time of the first check-in, and whether this was it.</summary>
public sealed record CheckInResult(string Status, string Name, DateTime? CheckedInAt, bool First, string? Mode);

/// <summary>Who is checking in from where: the phone page's device cookie, or address and browser when there is none.</summary>
public sealed record CheckInDevice(string Identity, string? UserAgent);

/// <summary>A device that checked in several different people in one session (possible proxy attendance, DESIGN §10.3).</summary>
public sealed record SuspiciousDevice(int SessionNumber, string Device, string? UserAgent, int People, DateTime First, DateTime Last, IReadOnlyList<string> Names);

/// <summary>
/// The venue check-in of DESIGN §10.3. The display is for Staff, Admin and partner institution admins; the check-in
/// itself is anonymous, proven by a fresh token from the display and a NIK registered in the batch. A check-in writes
/// HADIR or TERLAMBAT (mode LURING, source CHECK_IN) once: a second one, or one after the person is already present by
/// another source, changes nothing and answers the first time. Nothing is written for an unknown NIK or a bad token.
/// </summary>
public sealed class CheckInService(K3DbContext db, CheckInTokens tokens, TimeProvider time, IOptions<CheckInOptions> options)
{
    private const string NoAccess = "Hanya Staf Direktorat, Admin, dan admin lembaga mitra angkatan ini yang dapat membuka layar presensi.";

    /// <summary>The display of one session, or a failure (404 unknown batch or session, 403 not a partner).</summary>
    public async Task<ServiceResult<CheckInDisplay>> DisplayAsync(int batchId, int sessionNumber, Actor actor, CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin && !(actor.IsInstitutionAdmin && actor.InstitutionId is not null))
        {
            return ServiceResult<CheckInDisplay>.Fail(Failure.Forbidden, "", NoAccess);
        }
        var session = await db.Sessions.AsNoTracking()
            .Where(s => s.BatchId == batchId && s.Number == sessionNumber)
            .Select(s => new
            {
                s.Id,
                s.Number,
                s.Date,
                s.StartTime,
                s.EndTime,
                s.Title,
                BatchNumber = s.Batch!.Number,
                s.Batch.Programme!.Code,
                Partner = !actor.IsInstitutionAdmin || s.Batch.Partners.Any(p => p.InstitutionId == actor.InstitutionId),
            })
            .SingleOrDefaultAsync(ct);
        if (session is null)
        {
            return ServiceResult<CheckInDisplay>.Fail(Failure.NotFound, "", $"Sesi {sessionNumber} tidak ditemukan pada angkatan ini.");
        }
        if (!session.Partner)
        {
            return ServiceResult<CheckInDisplay>.Fail(Failure.Forbidden, "", "Lembaga Anda bukan mitra angkatan ini.");
        }
        var registrations = db.Registrations.AsNoTracking().VisibleTo(actor).Where(r => r.BatchId == batchId);
        var registered = await registrations.CountAsync(ct);
        var checkedIn = await db.Attendances.AsNoTracking()
            .Where(a => a.SessionId == session.Id && (a.Status == AttendanceStatus.Hadir || a.Status == AttendanceStatus.Terlambat)
                        && registrations.Any(r => r.Id == a.RegistrationId))
            .CountAsync(ct);
        var (token, expiresAt) = await tokens.CreateAsync(session.Id, ct: ct);
        var today = SessionTiming.WibDate(time.GetUtcNow().UtcDateTime);
        return ServiceResult<CheckInDisplay>.Ok(new CheckInDisplay(batchId, session.BatchNumber, session.Code, session.Id, session.Number, session.Date,
            session.StartTime, session.EndTime, session.Title, session.Date == today, token, expiresAt, checkedIn, registered));
    }

    /// <summary>A form ticket for the phone page, issued when a fresh token is scanned.</summary>
    public async Task<string?> TicketAsync(string? token, CancellationToken ct)
    {
        var (state, sessionId) = await tokens.ValidateAsync(token, ct: ct);
        return state == TokenState.Valid ? (await tokens.CreateAsync(sessionId, CheckInTokens.Purpose.Form, ct)).Token : null;
    }

    /// <summary>Whether a scanned token is good now (the phone page says so before the NIK is typed).</summary>
    public async Task<ServiceResult<bool>> ScanAsync(string? token, CancellationToken ct) => (await tokens.ValidateAsync(token, ct: ct)).State switch
    {
        TokenState.Valid => ServiceResult<bool>.Ok(true),
        TokenState.Expired => ServiceResult<bool>.Fail(Failure.Expired, ExpiredMessage),
        _ => ServiceResult<bool>.Fail(Failure.Unreadable, UnknownTokenMessage),
    };

    private const string ExpiredMessage =
        "Kode QR ini sudah kedaluwarsa (berganti setiap 30 detik). Pindai lagi kode QR yang tampil di layar presensi sekarang.";

    private const string UnknownTokenMessage = "Kode QR ini tidak dikenali. Pindai kode QR yang tampil di layar presensi.";

    /// <summary>
    /// Checks a NIK in with a token from the display, or with the form ticket of the phone page that scanned one.
    /// Refusals: Unreadable (not a token of ours), Expired (two windows old), Validation (not a NIK), NotFound (not
    /// registered in the batch), Conflict (the session is not today). None of them writes anything.
    /// </summary>
    public async Task<ServiceResult<CheckInResult>> CheckInAsync(string? token, string? nik, CheckInDevice device, string? ticket = null, CancellationToken ct = default)
    {
        var (state, sessionId) = await tokens.ValidateAsync(token, ct: ct);
        if (state == TokenState.Expired && ticket is not null)
        {
            // Scanned in time, typed slowly: the ticket carries the scan of this session's token for a few minutes.
            var (ticketState, ticketSession) = await tokens.ValidateAsync(ticket, CheckInTokens.Purpose.Form, ct);
            if (ticketState == TokenState.Valid && ticketSession == sessionId)
            {
                state = TokenState.Valid;
            }
        }
        if (state == TokenState.Invalid)
        {
            return ServiceResult<CheckInResult>.Fail(Failure.Unreadable, "token", UnknownTokenMessage);
        }
        if (state == TokenState.Expired)
        {
            return ServiceResult<CheckInResult>.Fail(Failure.Expired, "token", ExpiredMessage);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var parsed = Nik.Parse(nik, SessionTiming.WibDate(now));
        if (parsed.Nik is not { } valid)
        {
            return ServiceResult<CheckInResult>.Fail(Failure.Validation, "nik", parsed.Error + " Ketik 16 digit NIK Anda sesuai KTP.");
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            Found? found;
            await using (var command = new NpgsqlCommand("""
                SELECT s.date, s.start_time, p.late_after_minutes, r.id, pa.full_name
                FROM sessions s
                JOIN batches b ON b.id = s.batch_id
                JOIN programmes p ON p.id = b.programme_id
                LEFT JOIN participants pa ON pa.nik = @nik
                LEFT JOIN registrations r ON r.batch_id = s.batch_id AND r.participant_id = pa.id
                WHERE s.id = @session
                """, connection))
            {
                command.Parameters.Add(new NpgsqlParameter<string>("nik", valid.Value));
                command.Parameters.Add(new NpgsqlParameter<int>("session", sessionId));
                await using var reader = await command.ExecuteReaderAsync(ct);
                found = await reader.ReadAsync(ct)
                    ? new Found(reader.GetFieldValue<DateOnly>(0), reader.GetFieldValue<TimeOnly>(1), reader.GetInt32(2),
                        reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetString(4))
                    : null;
            }
            if (found is null)
            {
                return ServiceResult<CheckInResult>.Fail(Failure.NotFound, "token", "Sesi dari kode QR ini sudah tidak ada. Tanyakan kepada panitia.");
            }
            if (found.Date != SessionTiming.WibDate(now))
            {
                return ServiceResult<CheckInResult>.Fail(Failure.Conflict, "token",
                    $"Presensi sesi ini hanya dapat dilakukan pada hari sesi, {Formats.LongDate(found.Date)}. Tanyakan kepada panitia bila ini keliru.");
            }
            if (found.RegistrationId is not { } registrationId)
            {
                return ServiceResult<CheckInResult>.Fail(Failure.NotFound, "nik",
                    "NIK ini tidak terdaftar sebagai peserta angkatan ini. Periksa kembali NIK Anda, atau hubungi meja panitia.");
            }
            var status = SessionTiming.AtVenue(SessionTiming.ToUtc(found.Date, found.Start), now, found.LateAfterMinutes);
            var deviceKey = await tokens.DeviceAsync(device.Identity, ct);
            var (written, first) = await WriteAsync(connection, sessionId, registrationId, status, now, deviceKey, device.UserAgent, ct);
            var name = HolderName.Mask(found.FullName ?? "");
            return ServiceResult<CheckInResult>.Ok(new CheckInResult(written.Status, name, written.At, first, written.Mode));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// One statement: the attendance written unless the person is already present in this session, and the event
    /// (first or repeat) with the device. When another check-in of the same person committed in between, the
    /// statement's snapshot cannot see its row; a second read then does.
    /// </summary>
    private static async Task<((string Status, DateTime? At, string? Mode) Row, bool First)> WriteAsync(NpgsqlConnection connection, int sessionId,
        long registrationId, AttendanceStatus status, DateTime now, string device, string? userAgent, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            WITH written AS (
                INSERT INTO attendances (batch_id, registration_id, session_id, status, check_in_at, mode, source, updated_at)
                SELECT s.batch_id, @registration, @session, @status, @now, 'LURING', 'CHECK_IN', @now FROM sessions s WHERE s.id = @session
                ON CONFLICT (batch_id, registration_id, session_id) DO UPDATE SET
                    status = EXCLUDED.status, check_in_at = EXCLUDED.check_in_at, mode = EXCLUDED.mode, source = EXCLUDED.source,
                    updated_at = EXCLUDED.updated_at
                WHERE attendances.status NOT IN ('HADIR', 'TERLAMBAT')
                RETURNING status, check_in_at, mode),
            event AS (
                INSERT INTO check_in_events (session_id, registration_id, device, user_agent, first, at)
                SELECT @session, @registration, @device, @agent, EXISTS (SELECT 1 FROM written), @now),
            audit AS (
                INSERT INTO audit_entries (at, user_id, user_name, action, entity_type, entity_id, before, after)
                SELECT @now, NULL, 'presensi QR', 'attendance.check-in', 'Registration', @registration::text, NULL,
                       jsonb_build_object('sessionId', @session, 'status', w.status, 'mode', w.mode, 'source', 'CHECK_IN')
                FROM written w)
            SELECT status, check_in_at, mode, true FROM written
            UNION ALL
            SELECT status, check_in_at, mode, false FROM attendances
            WHERE batch_id = (SELECT batch_id FROM sessions WHERE id = @session) AND registration_id = @registration AND session_id = @session
              AND NOT EXISTS (SELECT 1 FROM written)
            """, connection);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<long>("registration", registrationId));
        p.Add(new NpgsqlParameter<int>("session", sessionId));
        p.Add(new NpgsqlParameter<string>("status", status.ToCode()));
        p.Add(new NpgsqlParameter<DateTime>("now", now) { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter<string>("device", device));
        p.Add(new NpgsqlParameter("agent", NpgsqlDbType.Varchar) { Value = (object?)Shorten(userAgent) ?? DBNull.Value });
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                return ((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1), reader.IsDBNull(2) ? null : reader.GetString(2)), reader.GetBoolean(3));
            }
        }
        await using var again = new NpgsqlCommand("SELECT status, check_in_at, mode FROM attendances WHERE batch_id = (SELECT batch_id FROM sessions WHERE id = @session) AND registration_id = @registration AND session_id = @session", connection);
        again.Parameters.Add(new NpgsqlParameter<long>("registration", registrationId));
        again.Parameters.Add(new NpgsqlParameter<int>("session", sessionId));
        await using var second = await again.ExecuteReaderAsync(ct);
        await second.ReadAsync(ct);
        return ((second.GetString(0), second.IsDBNull(1) ? null : second.GetDateTime(1), second.IsDBNull(2) ? null : second.GetString(2)), false);
    }

    /// <summary>Devices that checked in several different people in one session of the batch, most people first.</summary>
    public async Task<ServiceResult<IReadOnlyList<SuspiciousDevice>>> SuspiciousDevicesAsync(int batchId, Actor actor, CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin && !(actor.IsInstitutionAdmin && actor.InstitutionId is not null))
        {
            return ServiceResult<IReadOnlyList<SuspiciousDevice>>.Fail(Failure.Forbidden, "", NoAccess);
        }
        var batch = await db.Batches.AsNoTracking().Where(b => b.Id == batchId)
            .Select(b => new { Partner = !actor.IsInstitutionAdmin || b.Partners.Any(p => p.InstitutionId == actor.InstitutionId) })
            .SingleOrDefaultAsync(ct);
        if (batch is null)
        {
            return ServiceResult<IReadOnlyList<SuspiciousDevice>>.Fail(Failure.NotFound, "", $"Angkatan {batchId} tidak ditemukan.");
        }
        if (!batch.Partner)
        {
            return ServiceResult<IReadOnlyList<SuspiciousDevice>>.Fail(Failure.Forbidden, "", "Lembaga Anda bukan mitra angkatan ini.");
        }
        var registrations = db.Registrations.AsNoTracking().VisibleTo(actor).Where(r => r.BatchId == batchId);
        var threshold = options.Value.DeviceAlertThreshold;
        var rows = await (from e in db.CheckInEvents.AsNoTracking()
                          join s in db.Sessions on e.SessionId equals s.Id
                          join r in registrations on e.RegistrationId equals r.Id
                          where s.BatchId == batchId
                          group new { e, r.Participant!.FullName } by new { s.Number, e.Device } into g
                          where g.Select(x => x.e.RegistrationId).Distinct().Count() >= threshold
                          select new
                          {
                              g.Key.Number,
                              g.Key.Device,
                              UserAgent = g.Max(x => x.e.UserAgent),
                              People = g.Select(x => x.e.RegistrationId).Distinct().Count(),
                              First = g.Min(x => x.e.At),
                              Last = g.Max(x => x.e.At),
                              Names = g.Select(x => x.FullName).Distinct().ToList(),
                          })
            .ToListAsync(ct);
        return ServiceResult<IReadOnlyList<SuspiciousDevice>>.Ok([.. rows
            .OrderByDescending(r => r.People).ThenBy(r => r.Number)
            .Select(r => new SuspiciousDevice(r.Number, r.Device[..8], r.UserAgent, r.People, r.First, r.Last, [.. r.Names.Order(StringComparer.Ordinal)]))]);
    }

    private static string? Shorten(string? userAgent) =>
        string.IsNullOrWhiteSpace(userAgent) ? null : userAgent.Length <= FieldLengths.UserAgent ? userAgent : userAgent[..FieldLengths.UserAgent];

    private sealed record Found(DateOnly Date, TimeOnly Start, int LateAfterMinutes, long? RegistrationId, string? FullName);
}
