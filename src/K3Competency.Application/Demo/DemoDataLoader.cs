using System.Diagnostics;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace K3Competency.Application.Demo;

/// <summary>
/// Loads the demo programme of DESIGN §8 (see <see cref="DemoData"/>) into a database that has no programme
/// yet. Everything goes in one transaction: binary COPY into temporary staging tables, then one set-based
/// INSERT ... SELECT per table, so a crash leaves nothing half-loaded. Instances that start together
/// serialise on a transaction-scoped advisory lock; the second finds a programme and loads nothing.
/// </summary>
public sealed class DemoDataLoader(K3DbContext db, TimeProvider clock, ILogger<DemoDataLoader> logger)
{
    // Any constant unique to this application; "K3DEMO" in ASCII.
    private const long LockKey = 0x4B3344454D4F;

    /// <summary>Loads the demo data when the programmes table is empty; true when this call loaded it.</summary>
    public async Task<bool> LoadIfEmptyAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var conn = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var tx = await conn.BeginTransactionAsync(ct);
            await Execute(conn, tx, "SELECT pg_advisory_xact_lock(@key)", ct, ("key", LockKey));
            await using (var check = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM programmes)", conn, tx))
            {
                if ((bool)(await check.ExecuteScalarAsync(ct))!)
                {
                    await tx.RollbackAsync(ct);
                    return false;
                }
            }

            var data = DemoData.Build();
            var now = clock.GetUtcNow().UtcDateTime;
            var counts = await LoadAsync(conn, tx, data, now, ct);
            await tx.CommitAsync(ct);

            logger.LogInformation(
                "Demo data loaded: programme {Code}, {Institutions} institutions, {Batches} batches, {Sessions} sessions, " +
                "{Participants} participants, {Registrations} registrations, {Attendances} attendance rows in {ElapsedMs} ms",
                DemoData.ProgrammeCode, counts.Institutions, counts.Batches, counts.Sessions, counts.Participants,
                counts.Registrations, counts.Attendances, watch.ElapsedMilliseconds);
            return true;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed record Counts(int Institutions, int Batches, int Sessions, int Participants, int Registrations, int Attendances);

    private static async Task<Counts> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DemoData data, DateTime now, CancellationToken ct)
    {
        await Execute(conn, tx, """
            CREATE TEMP TABLE demo_institutions (code varchar(32), name varchar(200), type varchar(32), province_code char(2)) ON COMMIT DROP;
            CREATE TEMP TABLE demo_batches (number int, start_date date, end_date date, mode varchar(32), venue varchar(200),
                capacity int, status varchar(32), session_titles text[], partner_codes text[]) ON COMMIT DROP;
            CREATE TEMP TABLE demo_people (nik char(16), full_name varchar(150), email varchar(254), phone varchar(16),
                gender char(1), birth_date date, province_code char(2), employer varchar(200)) ON COMMIT DROP;
            CREATE TEMP TABLE demo_registrations (nik char(16), batch_number int, category varchar(32), expertise_field varchar(32),
                license_number varchar(64), attendance_mode varchar(32), institution_code varchar(32), pre_test_score numeric(4,1),
                post_test_score numeric(4,1), registered_at timestamptz, statuses text[]) ON COMMIT DROP;
            """, ct);

        await CopyAsync(conn, "COPY demo_institutions (code, name, type, province_code) FROM STDIN (FORMAT BINARY)", DemoData.Institutions,
            async (w, i) =>
            {
                await w.WriteAsync(i.Code, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(i.Name, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(i.Type.ToCode(), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(i.ProvinceCode, NpgsqlDbType.Char, ct);
            }, ct);
        await CopyAsync(conn, "COPY demo_batches (number, start_date, end_date, mode, venue, capacity, status, session_titles, partner_codes) FROM STDIN (FORMAT BINARY)",
            DemoData.Batches,
            async (w, b) =>
            {
                await w.WriteAsync(b.Number, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(b.StartDate, NpgsqlDbType.Date, ct);
                await w.WriteAsync(b.EndDate, NpgsqlDbType.Date, ct);
                await w.WriteAsync(b.Mode.ToCode(), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(b.Venue, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(b.Capacity, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(b.Status.ToCode(), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(b.SessionTitles, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await w.WriteAsync(b.PartnerCodes, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            }, ct);
        await CopyAsync(conn, "COPY demo_people (nik, full_name, email, phone, gender, birth_date, province_code, employer) FROM STDIN (FORMAT BINARY)",
            data.People,
            async (w, p) =>
            {
                await w.WriteAsync(p.Nik, NpgsqlDbType.Char, ct);
                await w.WriteAsync(p.FullName, NpgsqlDbType.Varchar, ct);
                await WriteNullable(w, p.Email, NpgsqlDbType.Varchar, ct);
                await WriteNullable(w, p.Phone, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(p.Gender.ToCode(), NpgsqlDbType.Char, ct);
                await w.WriteAsync(p.BirthDate, NpgsqlDbType.Date, ct);
                await w.WriteAsync(p.ProvinceCode, NpgsqlDbType.Char, ct);
                await w.WriteAsync(p.Employer, NpgsqlDbType.Varchar, ct);
            }, ct);
        await CopyAsync(conn, "COPY demo_registrations (nik, batch_number, category, expertise_field, license_number, attendance_mode, " +
                              "institution_code, pre_test_score, post_test_score, registered_at, statuses) FROM STDIN (FORMAT BINARY)",
            data.Registrations,
            async (w, r) =>
            {
                await w.WriteAsync(r.Person.Nik, NpgsqlDbType.Char, ct);
                await w.WriteAsync(r.BatchNumber, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(r.Person.Category.ToCode(), NpgsqlDbType.Varchar, ct);
                await WriteNullable(w, r.Person.ExpertiseField, NpgsqlDbType.Varchar, ct);
                await WriteNullable(w, r.Person.LicenseNumber, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(r.Mode.ToCode(), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(r.InstitutionCode, NpgsqlDbType.Varchar, ct);
                await WriteNullable(w, r.PreTest, NpgsqlDbType.Numeric, ct);
                await WriteNullable(w, r.PostTest, NpgsqlDbType.Numeric, ct);
                await w.WriteAsync(r.RegisteredAt, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(r.Statuses, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            }, ct);
        await Execute(conn, tx, "ANALYZE demo_people; ANALYZE demo_registrations;", ct);

        // Institution codes that already exist (created by hand before the demo) are reused as they are.
        var institutions = await Execute(conn, tx, """
            INSERT INTO institutions (code, name, type, province_code, created_at)
            SELECT code, name, type, province_code, @now FROM demo_institutions
            ON CONFLICT (code) DO NOTHING
            """, ct, ("now", now));

        int programmeId;
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO programmes (code, name, year, organizer, min_attendance_percent, passing_score, high_performance_score,
                                    target_upgraded, target_high_performing, created_at)
            VALUES (@code, @name, @year, 'Direktorat Bina Kelembagaan K3', @min, @pass, @high, @target_upgraded, @target_high, @now)
            RETURNING id
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("code", DemoData.ProgrammeCode);
            cmd.Parameters.AddWithValue("name", DemoData.ProgrammeName);
            cmd.Parameters.AddWithValue("year", DemoData.ProgrammeYear);
            cmd.Parameters.AddWithValue("min", DemoData.MinAttendancePercent);
            cmd.Parameters.AddWithValue("pass", DemoData.PassingScore);
            cmd.Parameters.AddWithValue("high", DemoData.HighPerformanceScore);
            cmd.Parameters.AddWithValue("target_upgraded", DemoData.TargetUpgraded);
            cmd.Parameters.AddWithValue("target_high", DemoData.TargetHighPerforming);
            cmd.Parameters.AddWithValue("now", now);
            programmeId = (int)(await cmd.ExecuteScalarAsync(ct))!;
        }

        var batches = await Execute(conn, tx, """
            INSERT INTO batches (programme_id, number, start_date, end_date, mode, venue, capacity, status, created_at)
            SELECT @programme, number, start_date, end_date, mode, venue, capacity, status, @now FROM demo_batches
            """, ct, ("programme", programmeId), ("now", now));

        // One session a day from the start date; the partners by institution code.
        var sessions = await Execute(conn, tx, """
            INSERT INTO sessions (batch_id, number, date, title)
            SELECT b.id, t.n, d.start_date + (t.n - 1)::int, t.title
            FROM demo_batches d
            JOIN batches b ON b.programme_id = @programme AND b.number = d.number
            CROSS JOIN LATERAL unnest(d.session_titles) WITH ORDINALITY AS t(title, n)
            """, ct, ("programme", programmeId));
        await Execute(conn, tx, """
            INSERT INTO batch_institutions (batch_id, institution_id)
            SELECT b.id, i.id
            FROM demo_batches d
            JOIN batches b ON b.programme_id = @programme AND b.number = d.number
            CROSS JOIN LATERAL unnest(d.partner_codes) AS pc(code)
            JOIN institutions i ON i.code = pc.code
            """, ct, ("programme", programmeId));

        var participants = await Execute(conn, tx, """
            INSERT INTO participants (nik, full_name, email, phone, gender, birth_date, province_code, employer, created_at, updated_at)
            SELECT nik, full_name, email, phone, gender, birth_date, province_code, employer, @now, @now FROM demo_people
            ON CONFLICT (nik) DO NOTHING
            """, ct, ("now", now));

        var registrations = await Execute(conn, tx, """
            INSERT INTO registrations (batch_id, participant_id, category, expertise_field, license_number, attendance_mode,
                                       institution_id, pre_test_score, post_test_score, source, registered_by, registered_at, updated_at)
            SELECT b.id, p.id, d.category, d.expertise_field, d.license_number, d.attendance_mode,
                   i.id, d.pre_test_score, d.post_test_score, 'IMPORT', @by, d.registered_at, @now
            FROM demo_registrations d
            JOIN participants p ON p.nik = d.nik
            JOIN batches b ON b.programme_id = @programme AND b.number = d.batch_number
            LEFT JOIN institutions i ON i.code = d.institution_code
            """, ct, ("programme", programmeId), ("by", Actor.System.UserId), ("now", now));

        // The tables just filled still have the statistics of before (often "empty"), and the join below planned on
        // them is a nested loop over every registration: minutes instead of a second. ANALYZE sees this transaction's rows.
        await Execute(conn, tx, "ANALYZE participants, batches, sessions, registrations", ct);

        // One row per session with a status; check-in in the morning (WIB), after 08:00 when late. The
        // minutes come from the ids, so the same data always gives the same times.
        var attendances = await Execute(conn, tx, """
            INSERT INTO attendances (batch_id, registration_id, session_id, status, check_in_at, mode, updated_at)
            SELECT b.id, r.id, s.id, st.status,
                   CASE st.status
                       WHEN 'HADIR' THEN (s.date + time '07:15' + make_interval(mins => ((r.id * 7 + st.n * 11) % 44)::int)) AT TIME ZONE @wib
                       WHEN 'TERLAMBAT' THEN (s.date + time '08:05' + make_interval(mins => ((r.id * 13 + st.n * 3) % 70)::int)) AT TIME ZONE @wib
                   END,
                   CASE WHEN k3_present(st.status) THEN r.attendance_mode END,
                   @now
            FROM demo_registrations d
            JOIN participants p ON p.nik = d.nik
            JOIN batches b ON b.programme_id = @programme AND b.number = d.batch_number
            JOIN registrations r ON r.batch_id = b.id AND r.participant_id = p.id
            CROSS JOIN LATERAL unnest(d.statuses) WITH ORDINALITY AS st(status, n)
            JOIN sessions s ON s.batch_id = b.id AND s.number = st.n
            WHERE st.status IS NOT NULL
            """, ct, ("programme", programmeId), ("now", now), ("wib", Formats.Wib.Id));

        var counts = new Counts(institutions, batches, sessions, participants, registrations, attendances);
        await Execute(conn, tx, """
            INSERT INTO audit_entries (at, user_id, user_name, action, entity_type, entity_id, before, after)
            VALUES (@now, @user, @user, 'demo.load', 'Programme', @programme::text, NULL,
                    jsonb_build_object('code', @code::text, 'institutions', @institutions, 'batches', @batches, 'sessions', @sessions,
                                       'participants', @participants, 'registrations', @registrations, 'attendances', @attendances))
            """, ct, ("now", now), ("user", Actor.System.UserId), ("programme", programmeId), ("code", DemoData.ProgrammeCode),
            ("institutions", counts.Institutions), ("batches", counts.Batches), ("sessions", counts.Sessions),
            ("participants", counts.Participants), ("registrations", counts.Registrations), ("attendances", counts.Attendances));
        return counts;
    }

    private static async Task CopyAsync<T>(NpgsqlConnection conn, string copy, IEnumerable<T> rows,
        Func<NpgsqlBinaryImporter, T, Task> write, CancellationToken ct)
    {
        await using var importer = await conn.BeginBinaryImportAsync(copy, ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            await write(importer, row);
        }
        await importer.CompleteAsync(ct);
    }

    private static Task WriteNullable(NpgsqlBinaryImporter w, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? w.WriteNullAsync(ct) : w.WriteAsync(value, type, ct);

    private static Task WriteNullable(NpgsqlBinaryImporter w, decimal? value, NpgsqlDbType type, CancellationToken ct) =>
        value is { } v ? w.WriteAsync(v, type, ct) : w.WriteNullAsync(ct);

    private static async Task<int> Execute(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct,
        params (string Name, object Value)[] parameters)
    {
        // A bulk statement of a one-off load (the attendance insert also brings the outcome figures up to date) may
        // take longer than Npgsql's 30 s default on a busy machine; like the import merge, it runs to the end.
        await using var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
