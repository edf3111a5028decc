using System.Globalization;
using K3Competency.Domain;
using NpgsqlTypes;

namespace K3Competency.Application.Imports;

/// <summary>Attendance (DESIGN §6 table): one row per registration and session, upserted on that pair.</summary>
internal sealed class AttendanceImport : TemplateImportKind
{
    public static readonly AttendanceImport Instance = new();

    private static readonly IReadOnlyList<ImportColumn> TemplateColumns =
    [
        new("nik", true, "3578080102030001"),
        new("sesi", true, "1"),
        new("status", true, "HADIR"),
        new("waktu", false, "16/11/2023 08:05"),
        new("mode", false, "LURING"),
    ];

    private static readonly IReadOnlyList<StagingColumn> ParsedColumns =
    [
        new("nik", "char(16)", NpgsqlDbType.Char),
        new("session_no", "int", NpgsqlDbType.Integer),
        new("status", "text", NpgsqlDbType.Text),
        new("check_in_at", "timestamptz", NpgsqlDbType.TimestampTz),
        new("mode", "text", NpgsqlDbType.Text),
        new("session_id", "int", NpgsqlDbType.Integer),
    ];

    private static readonly IReadOnlyList<ResolvedColumn> ResolvedColumns =
        [new("registration_id", "bigint"), new("reg_institution_id", "int"), new("attendance_id", "bigint")];

    private const string Changed = "(a.status, a.check_in_at, a.mode) IS DISTINCT FROM (s.status, s.check_in_at, s.mode)";

    public override UploadKind Kind => UploadKind.Attendance;
    public override IReadOnlyList<ImportColumn> Columns => TemplateColumns;
    public override IReadOnlyList<StagingColumn> Parsed => ParsedColumns;
    public override IReadOnlyList<ResolvedColumn> Resolved => ResolvedColumns;

    public override void Parse(Cell[] cells, ParseContext context, object?[] values, RowErrors errors)
    {
        values[0] = CellRules.Nik(cells[0], context, errors)?.Value;
        var number = Session(cells[1], errors);
        values[1] = number;
        // The batch's sessions are known before the file is read: the id is found here, not by a statement over the
        // staging table.
        if (number is int n)
        {
            if (context.SessionIds.TryGetValue(n, out var id))
            {
                values[5] = id;
            }
            else
            {
                errors.Add("sesi", CellRules.Shown(cells[1]), ImportService.NoSuchSession(n, context.SessionsHint));
            }
        }
        values[2] = CellRules.Code<AttendanceStatus>(cells[2], "status", "Status", required: true, errors)?.ToCode();
        values[3] = Time(cells[3], context, errors);
        values[4] = CellRules.Code<AttendanceMode>(cells[4], "mode", "Mode", required: false, errors)?.ToCode();
    }

    private static int? Session(Cell cell, RowErrors errors)
    {
        var value = cell.Value;
        if (value is null)
        {
            errors.Add("sesi", CellRules.Shown(cell), "Nomor sesi wajib diisi (angka, mis. 1).");
            return null;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1)
        {
            return number;
        }
        errors.Add("sesi", CellRules.Shown(cell), $"Sesi \"{CellRules.Shown(value)}\" bukan nomor sesi; tulis angka sesinya saja, mis. 1.");
        return null;
    }

    private static DateTime? Time(Cell cell, ParseContext context, RowErrors errors)
    {
        var value = cell.Value;
        if (value is null)
        {
            return null;
        }
        if (CellRules.TryParseTime(value, context.Wib, out var utc))
        {
            return utc;
        }
        errors.Add("waktu", CellRules.Shown(cell),
            $"Waktu \"{CellRules.Shown(value)}\" tidak dapat dibaca; tulis dd/MM/yyyy HH:mm dalam WIB (mis. 16/11/2023 08:05) " +
            "atau ISO 8601 (mis. 2023-11-16T08:05:00+07:00), atau kosongkan.");
        return null;
    }

    public override string CheckSql => $"""
        {ResolveRegistrationSql}
        {DuplicatesSql(["nik", "session_no"], "nik", "NIK ini tercatat lebih dari sekali untuk sesi yang sama (baris ", "). Setiap peserta cukup satu baris per sesi; hapus baris gandanya.")}
        {RegisteredParticipantSql}
        """;

    public override string CertificateColumn => "status";

    public override string CompleteSql => """
        UPDATE import_rows s SET attendance_id = a.id,
            check_in_at = COALESCE(s.check_in_at, a.check_in_at),
            mode = COALESCE(s.mode, a.mode)
        FROM attendances a
        WHERE a.batch_id = @batch AND a.registration_id = s.registration_id AND a.session_id = s.session_id AND NOT s.bad;
        """;

    public override string CountSql => $"""
        SELECT count(*) FILTER (WHERE a.id IS NULL),
               count(*) FILTER (WHERE a.id IS NOT NULL AND {Changed}),
               count(*) FILTER (WHERE a.id IS NOT NULL AND NOT {Changed})
        FROM import_rows s
        LEFT JOIN attendances a ON a.id = s.attendance_id
        WHERE NOT s.bad
        """;

    public override string MergeSql { get; } = Recorded("attendances", UploadUndo.AttendanceColumns,
        "attendance_id", "NOT s.bad", """
        INSERT INTO attendances (batch_id, registration_id, session_id, status, check_in_at, mode, source, updated_at)
        SELECT @batch, registration_id, session_id, status, check_in_at, mode, 'IMPORT', @now
        FROM import_rows WHERE NOT bad
        ON CONFLICT (batch_id, registration_id, session_id) DO UPDATE SET
            status = EXCLUDED.status, check_in_at = EXCLUDED.check_in_at, mode = EXCLUDED.mode, source = EXCLUDED.source,
            updated_at = EXCLUDED.updated_at
        WHERE (attendances.status, attendances.check_in_at, attendances.mode)
              IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.check_in_at, EXCLUDED.mode)
        """);
}
