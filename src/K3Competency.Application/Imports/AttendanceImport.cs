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
    ];

    private const string Changed = "(a.status, a.check_in_at, a.mode) IS DISTINCT FROM (s.status, s.check_in_at, s.mode)";

    public override UploadKind Kind => UploadKind.Attendance;
    public override IReadOnlyList<ImportColumn> Columns => TemplateColumns;
    public override IReadOnlyList<StagingColumn> Parsed => ParsedColumns;
    public override string ResolvedColumns => "registration_id bigint, reg_institution_id int, session_id int, attendance_id bigint";

    public override void Parse(Cell[] cells, ParseContext context, object?[] values, RowErrors errors)
    {
        values[0] = CellRules.Nik(cells[0], context, errors)?.Value;
        values[1] = Session(cells[1], errors);
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
        UPDATE import_rows s SET session_id = ss.id
        FROM sessions ss
        WHERE ss.batch_id = @batch AND ss.number = s.session_no;
        {DuplicatesSql(["nik", "session_no"], "nik", "NIK ini tercatat lebih dari sekali untuk sesi yang sama (baris ", "). Setiap peserta cukup satu baris per sesi; hapus baris gandanya.")}
        INSERT INTO import_errors (row_no, col, val, msg)
        SELECT s.row_no, 'sesi', {Raw("sesi")}, 'Sesi ' || s.session_no || ' tidak ada di angkatan ini. ' || @session_hint
        FROM import_rows s
        WHERE s.session_no IS NOT NULL AND s.session_id IS NULL;
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
