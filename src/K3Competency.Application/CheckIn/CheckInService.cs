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
public sealed class CheckInService(K3DbContext db, CheckInTokens tokens, CheckInSessions sessions, TimeProvider time, IOptions<CheckInOptions> options)
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

        // A pool of its own that keeps each connection's session as it is (no DISCARD ALL between uses): the
        // figure maintenance's plan for a one-person change is prepared once per connection
        // (registration_outcomes.v4.sql), and so are the check-in's own statements (automatic preparation), not again
        // on every check-in. Nothing else in the session outlives a transaction. Few connections: see DatabaseConnections.
        var connectionString = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString())
        {
            NoResetOnClose = true,
            MaxPoolSize = options.Value.DatabaseConnections,
            MaxAutoPrepare = 8,
            AutoPrepareMinUsages = 2,
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        if (await sessions.GetAsync(connection, sessionId, ct) is not { } session)
        {
            return ServiceResult<CheckInResult>.Fail(Failure.NotFound, "token", "Sesi dari kode QR ini sudah tidak ada. Tanyakan kepada panitia.");
        }
        if (session.Date != SessionTiming.WibDate(now))
        {
            return ServiceResult<CheckInResult>.Fail(Failure.Conflict, "token",
                $"Presensi sesi ini hanya dapat dilakukan pada hari sesi, {Formats.LongDate(session.Date)}. Tanyakan kepada panitia bila ini keliru.");
        }
        var status = SessionTiming.AtVenue(SessionTiming.ToUtc(session.Date, session.Start), now, session.LateAfterMinutes);
        var deviceKey = await tokens.DeviceAsync(device.Identity, ct);
        var answer = await WriteAsync(connection, session.BatchId, sessionId, valid.Value, status, now, deviceKey, device.UserAgent, ct);
        if (answer is null)
        {
            return ServiceResult<CheckInResult>.Fail(Failure.NotFound, "nik",
                "NIK ini tidak terdaftar sebagai peserta angkatan ini. Periksa kembali NIK Anda, atau hubungi meja panitia.");
        }
        // Only an approved registration takes attendance (DESIGN §10.4); a self-registration still waiting or
        // rejected is told so rather than "not registered".
        if (!answer.Approved)
        {
            return ServiceResult<CheckInResult>.Fail(Failure.Conflict, "nik",
                "Pendaftaran NIK ini belum diterima panitia (menunggu verifikasi atau ditolak), sehingga belum dapat presensi. Hubungi meja panitia.");
        }
        var written = answer.Row ?? await ReadAgainAsync(connection, session.BatchId, sessionId, answer.RegistrationId, ct);
        return ServiceResult<CheckInResult>.Ok(new CheckInResult(written.Status, HolderName.Mask(answer.FullName), written.At, answer.First, written.Mode));
    }

    /// <summary>
    /// One round trip, one transaction: the person's registration in the batch found by NIK; when approved, the
    /// attendance written unless the person is already present in this session, the event (first or repeat) with the
    /// device, and the audit line; the attendance as it now stands. Null when the NIK has no registration in the batch.
    /// The first command lets the figure maintenance lock only this person (k3_outcome_figures_lock, ADR 0005): the
    /// transaction changes one person's attendance and nothing else. When another check-in of the same person
    /// committed during the statement, its snapshot cannot see that row: <see cref="Answer.Row"/> is then null.
    /// </summary>
    private static async Task<Answer?> WriteAsync(NpgsqlConnection connection, int batchId, int sessionId, string nik,
        AttendanceStatus status, DateTime now, string device, string? userAgent, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('k3.outcome_lock', 'person', true)"));
        var command = new NpgsqlBatchCommand("""
            WITH who AS (
                SELECT r.id, pa.full_name, r.status = 'DITERIMA' AS approved
                FROM participants pa JOIN registrations r ON r.participant_id = pa.id AND r.batch_id = @batch
                WHERE pa.nik = @nik),
            written AS (
                INSERT INTO attendances (batch_id, registration_id, session_id, status, check_in_at, mode, source, updated_at)
                SELECT @batch, w.id, @session, @status, @now, 'LURING', 'CHECK_IN', @now FROM who w WHERE w.approved
                ON CONFLICT (batch_id, registration_id, session_id) DO UPDATE SET
                    status = EXCLUDED.status, check_in_at = EXCLUDED.check_in_at, mode = EXCLUDED.mode, source = EXCLUDED.source,
                    updated_at = EXCLUDED.updated_at
                WHERE attendances.status NOT IN ('HADIR', 'TERLAMBAT')
                RETURNING status, check_in_at, mode),
            event AS (
                INSERT INTO check_in_events (session_id, registration_id, device, user_agent, first, at)
                SELECT @session, w.id, @device, @agent, EXISTS (SELECT 1 FROM written), @now FROM who w WHERE w.approved),
            audit AS (
                INSERT INTO audit_entries (at, user_id, user_name, action, entity_type, entity_id, before, after)
                SELECT @now, NULL, 'presensi QR', 'attendance.check-in', 'Registration', w.id::text, NULL,
                       jsonb_build_object('sessionId', @session, 'status', x.status, 'mode', x.mode, 'source', 'CHECK_IN')
                FROM written x CROSS JOIN who w)
            SELECT w.id, w.full_name, w.approved, x.status, x.check_in_at, x.mode, coalesce(x.first, false)
            FROM who w
            LEFT JOIN LATERAL (
                SELECT status, check_in_at, mode, true AS first FROM written
                UNION ALL
                SELECT a.status, a.check_in_at, a.mode, false FROM attendances a
                WHERE a.batch_id = @batch AND a.registration_id = w.id AND a.session_id = @session AND NOT EXISTS (SELECT 1 FROM written)
            ) x ON true
            """);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<int>("batch", batchId));
        p.Add(new NpgsqlParameter<int>("session", sessionId));
        p.Add(new NpgsqlParameter<string>("nik", nik));
        p.Add(new NpgsqlParameter<string>("status", status.ToCode()));
        p.Add(new NpgsqlParameter<DateTime>("now", now) { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter<string>("device", device));
        p.Add(new NpgsqlParameter("agent", NpgsqlDbType.Varchar) { Value = (object?)Shorten(userAgent) ?? DBNull.Value });
        batch.BatchCommands.Add(command);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        var row = reader.IsDBNull(3) ? ((string, DateTime?, string?)?)null
            : (reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetDateTime(4), reader.IsDBNull(5) ? null : reader.GetString(5));
        return new Answer(reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2), row, reader.GetBoolean(6));
    }

    /// <summary>The attendance another check-in of the same person committed while this one's statement ran.</summary>
    private static async Task<(string Status, DateTime? At, string? Mode)> ReadAgainAsync(NpgsqlConnection connection, int batchId, int sessionId,
        long registrationId, CancellationToken ct)
    {
        await using var again = new NpgsqlCommand(
            "SELECT status, check_in_at, mode FROM attendances WHERE batch_id = @batch AND registration_id = @registration AND session_id = @session", connection);
        again.Parameters.Add(new NpgsqlParameter<int>("batch", batchId));
        again.Parameters.Add(new NpgsqlParameter<long>("registration", registrationId));
        again.Parameters.Add(new NpgsqlParameter<int>("session", sessionId));
        await using var reader = await again.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1), reader.IsDBNull(2) ? null : reader.GetString(2));
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

    private sealed record Answer(long RegistrationId, string FullName, bool Approved, (string Status, DateTime? At, string? Mode)? Row, bool First);
}
