using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using K3Competency.Application.Imports;
using K3Competency.Domain;
using K3Competency.Domain.Rules;
using Npgsql;
using NpgsqlTypes;

namespace K3Competency.Application.MeetingReports;

/// <summary>
/// An online-meeting report for one session (DESIGN §10.2) as a kind of the import pipeline: the report is read and
/// each person's rows merged in C# (<see cref="Presence"/>, <see cref="SessionTiming"/>), one staged row per person;
/// matching, scope, the never-lower rule, the counts and the merge are set-based SQL over the staging table, in the
/// same transaction, strict/partial/dry-run and Upload record as every other import.
/// </summary>
internal sealed partial class MeetingReportImport : ImportKind
{
    public static readonly MeetingReportImport Instance = new();

    public const string NotYours =
        "Peserta ini terdaftar melalui lembaga lain di angkatan ini; Anda hanya dapat mencatat kehadiran peserta lembaga Anda. " +
        "Centang \"parsial\" untuk menyimpan peserta lembaga Anda saja.";

    private static readonly IReadOnlyList<ImportColumn> RawColumns =
    [
        new("nama", true, "Budi Santoso"),
        new("email", false, "budi@example.com"),
        new("menit", false, "472"),
        new("baris", false, "5, 9"),
    ];

    private static readonly IReadOnlyList<StagingColumn> ParsedColumns =
    [
        new("display_name", "text", NpgsqlDbType.Text),
        new("original_name", "text", NpgsqlDbType.Text),
        new("email", "text", NpgsqlDbType.Text),
        new("nik", "char(16)", NpgsqlDbType.Char),
        new("minutes", "double precision", NpgsqlDbType.Double),
        new("first_join", "timestamptz", NpgsqlDbType.TimestampTz),
        new("status", "text", NpgsqlDbType.Text),
    ];

    /// <summary>HADIR above TERLAMBAT above IZIN above ALPA: what "lower" means for the never-lower rule.</summary>
    private static string Rank(string column) =>
        $"(CASE {column} WHEN 'HADIR' THEN 3 WHEN 'TERLAMBAT' THEN 2 WHEN 'IZIN' THEN 1 ELSE 0 END)";

    /// <summary>Rows another source wrote (check-in, hand correction) that this report would not raise: left as they are.</summary>
    private static string Protected(string existing, string incoming) =>
        $"({existing}.source IN ('CHECK_IN', 'CORRECTION') AND {Rank(incoming + ".status")} <= {Rank(existing + ".status")})";

    private const string Applies = "NOT s.bad AND NOT s.absorbed AND s.registration_id IS NOT NULL AND NOT s.kept";

    private const string Changed =
        "(a.status, a.check_in_at, a.mode, a.source) IS DISTINCT FROM (s.status, s.first_join, 'DARING', 'MEETING_REPORT')";

    public override UploadKind Kind => UploadKind.MeetingReport;
    public override IReadOnlyList<ImportColumn> Columns => RawColumns;
    public override IReadOnlyList<StagingColumn> Parsed => ParsedColumns;
    public override bool KeepsFile => true;

    public override IReadOnlyList<ResolvedColumn> Resolved { get; } =
    [
        new("name_key", "text"), new("name_key2", "text"), new("registration_id", "bigint"), new("reg_institution_id", "int"),
        new("matched_by", "text"), new("session_id", "int"), new("attendance_id", "bigint"),
        new("kept", "boolean NOT NULL DEFAULT false"), new("absorbed", "boolean NOT NULL DEFAULT false"),
    ];

    public override StagedRows Open(Stream file, string? fileName, ImportOptions options, ParseContext context, CancellationToken ct) =>
        MeetingReportRows.Read(file, context.Session ?? throw new InvalidOperationException("A meeting report is imported for a session."), context.Today, ct);

    /// <summary>
    /// The batch's registrations with what a report row is compared on, once; then the four rules of DESIGN §10.2 in
    /// order, each only for rows no earlier rule matched, and each only where exactly one registration fits.
    /// </summary>
    public override string CheckSql => $"""
        UPDATE import_rows SET name_key = k3_name_key(display_name), name_key2 = k3_name_key(original_name), session_id = @session;
        CREATE TEMP TABLE import_people ON COMMIT DROP AS
            SELECT r.id AS registration_id, r.institution_id, p.id AS participant_id, p.nik, p.full_name,
                   lower(btrim(p.email)) AS email, k3_name_key(p.full_name) AS name_key
            FROM registrations r JOIN participants p ON p.id = r.participant_id
            -- Only an approved registration takes attendance (DESIGN §10.4): a pending or rejected one is no candidate.
            WHERE r.batch_id = @batch AND r.status = 'DITERIMA';
        ANALYZE import_people;

        WITH one AS (SELECT email FROM import_people WHERE email IS NOT NULL GROUP BY email HAVING count(*) = 1)
        UPDATE import_rows s SET registration_id = pp.registration_id, reg_institution_id = pp.institution_id, matched_by = 'email'
        FROM import_people pp JOIN one ON one.email = pp.email
        WHERE s.registration_id IS NULL AND s.email = pp.email;

        UPDATE import_rows s SET registration_id = pp.registration_id, reg_institution_id = pp.institution_id, matched_by = 'nik'
        FROM import_people pp
        WHERE s.registration_id IS NULL AND s.nik IS NOT NULL AND pp.nik = s.nik;

        WITH keyed AS (
            SELECT s.row_no, pp.registration_id, pp.institution_id
            FROM import_rows s
            JOIN meeting_aliases a ON a.key IN (s.email, s.name_key, s.name_key2)
            JOIN import_people pp ON pp.participant_id = a.participant_id
            WHERE s.registration_id IS NULL),
        one AS (SELECT row_no, min(registration_id) AS registration_id, min(institution_id) AS institution_id
                FROM keyed GROUP BY row_no HAVING count(DISTINCT registration_id) = 1)
        UPDATE import_rows s SET registration_id = one.registration_id, reg_institution_id = one.institution_id, matched_by = 'alias'
        FROM one WHERE one.row_no = s.row_no;

        WITH one AS (SELECT name_key FROM import_people WHERE name_key IS NOT NULL GROUP BY name_key HAVING count(*) = 1)
        UPDATE import_rows s SET registration_id = pp.registration_id, reg_institution_id = pp.institution_id, matched_by = 'name'
        FROM import_people pp JOIN one ON one.name_key = pp.name_key
        WHERE s.registration_id IS NULL AND pp.name_key = s.name_key;

        WITH one AS (SELECT name_key FROM import_people WHERE name_key IS NOT NULL GROUP BY name_key HAVING count(*) = 1)
        UPDATE import_rows s SET registration_id = pp.registration_id, reg_institution_id = pp.institution_id, matched_by = 'name'
        FROM import_people pp JOIN one ON one.name_key = pp.name_key
        WHERE s.registration_id IS NULL AND pp.name_key = s.name_key2;

        INSERT INTO import_errors (row_no, col, val, msg)
        SELECT s.row_no, 'nama', s.raw[1], {Lit(NotYours)}
        FROM import_rows s
        WHERE @scoped AND s.registration_id IS NOT NULL AND s.reg_institution_id IS DISTINCT FROM @inst;
        """;

    /// <summary>
    /// Two rows of the report found to be one registration (a laptop and a phone, a rename between rejoins): their
    /// time is merged as one person's, into the first row; the others ride along as absorbed.
    /// </summary>
    public override async Task ResolveAsync(ImportSql sql, StagedRows rows, CancellationToken ct)
    {
        var report = (MeetingReportRows)rows;
        var groups = new List<int[]>();
        await using (var command = sql.Command("""
            SELECT array_agg(row_no ORDER BY row_no) FROM import_rows
            WHERE registration_id IS NOT NULL AND NOT bad
            GROUP BY registration_id HAVING count(*) > 1
            """))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                groups.Add(reader.GetFieldValue<int[]>(0));
            }
        }
        foreach (var group in groups)
        {
            var (minutes, firstJoin, status) = report.Combined(group);
            await using var update = sql.Command("""
                UPDATE import_rows SET minutes = @minutes, first_join = @first_join, status = @status WHERE row_no = @first;
                UPDATE import_rows SET absorbed = true WHERE row_no = ANY(@rest);
                """);
            update.Parameters.Add(new NpgsqlParameter<double>("minutes", minutes));
            update.Parameters.Add(new NpgsqlParameter("first_join", NpgsqlDbType.TimestampTz) { Value = (object?)firstJoin ?? DBNull.Value });
            update.Parameters.Add(new NpgsqlParameter<string>("status", status.ToCode()));
            update.Parameters.Add(new NpgsqlParameter<int>("first", group[0]));
            update.Parameters.Add(new NpgsqlParameter<int[]>("rest", group[1..]));
            await update.ExecuteNonQueryAsync(ct);
        }
    }

    public override string CertificateColumn => "nama";

    public override string CompleteSql => $"""
        UPDATE import_rows s SET attendance_id = a.id, kept = {Protected("a", "s")}
        FROM attendances a
        WHERE a.batch_id = @batch AND a.registration_id = s.registration_id AND a.session_id = s.session_id AND NOT s.bad AND NOT s.absorbed;
        """;

    public override string CountSql => $"""
        SELECT count(*) FILTER (WHERE a.id IS NULL),
               count(*) FILTER (WHERE a.id IS NOT NULL AND {Changed}),
               count(*) FILTER (WHERE a.id IS NOT NULL AND NOT {Changed})
        FROM import_rows s
        LEFT JOIN attendances a ON a.id = s.attendance_id
        WHERE {Applies}
        """;

    /// <summary>
    /// The upsert; its WHERE repeats the never-lower rule against the row as it is at this moment, so a check-in that
    /// committed while the report was being checked is still not overwritten.
    /// </summary>
    public override string MergeSql { get; } = Recorded("attendances", UploadUndo.AttendanceColumns,
        "attendance_id", Applies, $"""
        INSERT INTO attendances (batch_id, registration_id, session_id, status, check_in_at, mode, source, updated_at)
        SELECT @batch, s.registration_id, s.session_id, s.status, s.first_join, 'DARING', 'MEETING_REPORT', @now
        FROM import_rows s WHERE {Applies}
        ON CONFLICT (batch_id, registration_id, session_id) DO UPDATE SET
            status = EXCLUDED.status, check_in_at = EXCLUDED.check_in_at, mode = EXCLUDED.mode, source = EXCLUDED.source,
            updated_at = EXCLUDED.updated_at
        WHERE (attendances.status, attendances.check_in_at, attendances.mode, attendances.source)
              IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.check_in_at, EXCLUDED.mode, EXCLUDED.source)
          AND NOT {Protected("attendances", "EXCLUDED")}
        """);

    public override async Task<object?> SummarizeAsync(ImportSql sql, StagedRows rows, bool writes, CancellationToken ct)
    {
        const string Matched = "NOT bad AND NOT absorbed AND registration_id IS NOT NULL";
        var persons = 0;
        int email = 0, nik = 0, alias = 0, name = 0, hadir = 0, terlambat = 0, alpa = 0, kept = 0;
        await using (var command = sql.Command($"""
            SELECT count(*) FILTER (WHERE NOT absorbed),
                   count(*) FILTER (WHERE matched_by = 'email' AND NOT absorbed), count(*) FILTER (WHERE matched_by = 'nik' AND NOT absorbed),
                   count(*) FILTER (WHERE matched_by = 'alias' AND NOT absorbed), count(*) FILTER (WHERE matched_by = 'name' AND NOT absorbed),
                   count(*) FILTER (WHERE {Matched} AND status = 'HADIR'),
                   count(*) FILTER (WHERE {Matched} AND status = 'TERLAMBAT'),
                   count(*) FILTER (WHERE {Matched} AND status = 'ALPA'),
                   count(*) FILTER (WHERE kept AND NOT bad AND NOT absorbed)
            FROM import_rows
            """))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            persons = (int)reader.GetInt64(0);
            (email, nik, alias, name) = ((int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3), (int)reader.GetInt64(4));
            (hadir, terlambat, alpa) = ((int)reader.GetInt64(5), (int)reader.GetInt64(6), (int)reader.GetInt64(7));
            kept = writes ? (int)reader.GetInt64(8) : 0;
        }

        var unmatched = new List<UnmatchedPerson>();
        await using (var command = sql.Command("""
            SELECT s.display_name, s.email, s.minutes, s.original_name,
                   (SELECT coalesce(json_agg(json_build_object('registrationId', c.registration_id, 'name', c.full_name) ORDER BY c.sim DESC, c.registration_id), '[]')
                    FROM (SELECT pp.registration_id, pp.full_name,
                                 greatest(similarity(pp.name_key, k), word_similarity(k, pp.name_key)) AS sim
                          FROM import_people pp, coalesce(s.name_key, s.name_key2) AS k
                          WHERE k IS NOT NULL AND pp.name_key IS NOT NULL
                            AND (NOT @scoped OR pp.institution_id = @inst)
                            AND NOT EXISTS (SELECT 1 FROM import_rows m WHERE m.registration_id = pp.registration_id)
                            AND greatest(similarity(pp.name_key, k), word_similarity(k, pp.name_key)) >= 0.3
                          ORDER BY sim DESC, pp.registration_id
                          LIMIT 3) c)::text
            FROM import_rows s
            WHERE s.registration_id IS NULL
            ORDER BY s.minutes DESC, s.row_no
            LIMIT @max
            """))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var candidates = JsonSerializer.Deserialize<List<Candidate>>(reader.GetString(4), ImportService.Json) ?? [];
                unmatched.Add(new UnmatchedPerson(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                    (int)Math.Round(reader.GetDouble(2), MidpointRounding.AwayFromZero), candidates)
                {
                    OriginalName = reader.IsDBNull(3) ? null : reader.GetString(3),
                });
            }
        }
        return new MeetingReportSummary(((MeetingReportRows)rows).Platform, persons,
            new MatchCounts(email, nik, alias, name), unmatched, new StatusCounts(hadir, terlambat, alpa), kept);
    }

    [GeneratedRegex(@"(?<!\d)\d(?:[\s.\-]?\d){15}(?!\d)")]
    internal static partial Regex NikLike();
}
