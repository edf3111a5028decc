using System.Text.RegularExpressions;
using K3Competency.Domain;
using K3Competency.Domain.Rules;
using NpgsqlTypes;

namespace K3Competency.Application.Imports;

/// <summary>
/// Registrations (DESIGN §6 table): upserts the person by NIK, then the registration by (batch, NIK).
/// A blank optional cell keeps what is stored (a participant is shared by every batch, so a sparse file
/// must not erase an e-mail another batch recorded); new rows get the defaults (mode LURING, province of the NIK).
/// </summary>
internal sealed partial class RegistrationImport : TemplateImportKind
{
    public static readonly RegistrationImport Instance = new();

    private static readonly IReadOnlyList<ImportColumn> TemplateColumns =
    [
        new("nik", true, "3578080102030001"),
        new("nama", true, "Budi Santoso"),
        new("email", false, "budi.santoso@contoh.co.id"),
        new("no_hp", false, "081234567890"),
        new("jenis_kelamin", false, "L"),
        new("provinsi", false, "Jawa Timur"),
        new("instansi", false, "PT Contoh Sejahtera"),
        new("kategori", true, "AHLI_K3"),
        new("bidang_keahlian", false, "LISTRIK"),
        new("nomor_lisensi", false, "LIS-2023-0001"),
        new("mode", false, "LURING"),
        new("lembaga", false, ""),
    ];

    private static readonly IReadOnlyList<StagingColumn> ParsedColumns =
    [
        new("nik", "char(16)", NpgsqlDbType.Char),
        new("full_name", "text", NpgsqlDbType.Text),
        new("email", "text", NpgsqlDbType.Text),
        new("phone", "text", NpgsqlDbType.Text),
        new("gender", "char(1)", NpgsqlDbType.Char),
        new("birth_date", "date", NpgsqlDbType.Date),
        new("province_code", "char(2)", NpgsqlDbType.Char),
        new("employer", "text", NpgsqlDbType.Text),
        new("category", "text", NpgsqlDbType.Text),
        new("expertise_field", "text", NpgsqlDbType.Text),
        new("license_number", "text", NpgsqlDbType.Text),
        new("attendance_mode", "text", NpgsqlDbType.Text),
        new("institution_code", "text", NpgsqlDbType.Text),
    ];

    private const string PersonStored = "p.full_name, p.email, p.phone, p.gender, p.birth_date, p.province_code, p.employer";
    private const string PersonStaged = "s.full_name, s.email, s.phone, s.gender, s.birth_date, s.province_code, s.employer";
    private const string RegistrationStored = "r.category, r.expertise_field, r.license_number, r.attendance_mode, r.institution_id";
    private const string RegistrationStaged = "s.category, s.expertise_field, s.license_number, s.attendance_mode, s.institution_id";
    private const string Changed = $"(({PersonStored}) IS DISTINCT FROM ({PersonStaged}) OR ({RegistrationStored}) IS DISTINCT FROM ({RegistrationStaged}))";

    public override UploadKind Kind => UploadKind.Registrations;
    public override IReadOnlyList<ImportColumn> Columns => TemplateColumns;
    public override IReadOnlyList<StagingColumn> Parsed => ParsedColumns;
    public override string? AnalyzedAfterLargeInsert => "participants, registrations";

    public override IReadOnlyList<ResolvedColumn> Resolved { get; } =
        [new("participant_id", "bigint"), new("registration_id", "bigint"), new("institution_id", "int")];

    public override void Parse(Cell[] cells, ParseContext context, object?[] values, RowErrors errors)
    {
        var nik = CellRules.Nik(cells[0], context, errors);
        var name = CellRules.Text(cells[1], "nama", "Nama", FieldLengths.PersonName, required: true, errors);
        var email = Email(cells[2], errors);
        var phone = PhoneNumber(cells[3], errors);
        CheckGender(cells[4], nik, errors);
        var province = Province(cells[5], errors);
        var employer = CellRules.Text(cells[6], "instansi", "Instansi", FieldLengths.Employer, required: false, errors);
        var category = CellRules.Code<ParticipantCategory>(cells[7], "kategori", "Kategori", required: true, errors);
        var field = Expertise(cells[8], category, errors);
        var license = CellRules.Text(cells[9], "nomor_lisensi", "Nomor lisensi", FieldLengths.LicenseNumber, required: false, errors);
        var mode = CellRules.Code<AttendanceMode>(cells[10], "mode", "Mode", required: false, errors);
        var institution = CellRules.Text(cells[11], "lembaga", "Kode lembaga", FieldLengths.Code, required: false, errors);

        values[0] = nik?.Value;
        values[1] = name;
        values[2] = email;
        values[3] = phone;
        // Gender and birth date are the NIK's (DESIGN §3); the column only has to agree with it.
        values[4] = nik?.Gender.ToCode();
        values[5] = nik?.BirthDate;
        values[6] = province;
        values[7] = employer;
        values[8] = category?.ToCode();
        values[9] = field;
        values[10] = license;
        values[11] = mode?.ToCode();
        values[12] = institution;
    }

    private static string? Email(Cell cell, RowErrors errors)
    {
        var value = cell.Value;
        if (value is null)
        {
            return null;
        }
        if (value.Length > FieldLengths.Email || !EmailShape().IsMatch(value))
        {
            errors.Add("email", CellRules.Shown(cell), $"Alamat email \"{CellRules.Shown(value)}\" tidak valid; tulis seperti nama@instansi.go.id, atau kosongkan.");
            return null;
        }
        return value;
    }

    private static string? PhoneNumber(Cell cell, RowErrors errors)
    {
        if (cell.IsBlank)
        {
            return null;
        }
        if (Phone.TryNormalize(cell.Text, out var normalized))
        {
            return normalized;
        }
        // A number cell has already dropped the leading 0 of 08….
        errors.Add("no_hp", CellRules.Shown(cell), cell.Numeric
            ? Phone.Error + " Format kolom no_hp sebagai Teks agar angka 0 di depan tidak hilang."
            : Phone.Error);
        return null;
    }

    private static void CheckGender(Cell cell, Nik? nik, RowErrors errors)
    {
        var value = cell.Value?.ToUpperInvariant();
        if (value is null)
        {
            return;
        }
        Domain.Gender? given = value switch
        {
            "L" or "LAKI-LAKI" or "LAKI LAKI" or "PRIA" => Domain.Gender.L,
            "P" or "PEREMPUAN" or "WANITA" => Domain.Gender.P,
            _ => null,
        };
        if (given is null)
        {
            errors.Add("jenis_kelamin", CellRules.Shown(cell),
                $"Jenis kelamin \"{CellRules.Shown(cell.Value)}\" tidak dikenal; isi L (laki-laki) atau P (perempuan), atau kosongkan agar diambil dari NIK.");
            return;
        }
        if (nik is { } n && RegistrationRules.GenderAgainstNik(n, given.Value) is { } mismatch)
        {
            errors.Add("jenis_kelamin", CellRules.Shown(cell), mismatch);
        }
    }

    private static string? Province(Cell cell, RowErrors errors)
    {
        var value = cell.Value;
        if (value is null)
        {
            return null;
        }
        if (Provinces.Find(value) is { } province)
        {
            return province.Code;
        }
        errors.Add("provinsi", CellRules.Shown(cell),
            $"Provinsi \"{CellRules.Shown(value)}\" tidak dikenal; tulis kode dua digit Kemendagri (mis. 35) atau nama provinsi (mis. Jawa Timur).");
        return null;
    }

    private static string? Expertise(Cell cell, ParticipantCategory? category, RowErrors errors)
    {
        // With an unreadable category the category error stands alone.
        if (category is not { } c)
        {
            return null;
        }
        var error = RegistrationRules.Expertise(c, cell.Value, out var code);
        if (error is not null)
        {
            errors.Add("bidang_keahlian", CellRules.Shown(cell), error);
        }
        return code;
    }

    public override string CheckSql => $"""
        {DuplicatesSql(["nik"], "nik", "NIK ini muncul lebih dari sekali dalam berkas (baris ", "). Setiap peserta cukup satu baris; hapus baris gandanya atau gabungkan datanya.")}
        UPDATE import_rows s SET institution_id = i.id
        FROM institutions i
        WHERE s.institution_code IS NOT NULL AND upper(i.code) = upper(s.institution_code);
        INSERT INTO import_errors (row_no, col, val, msg)
        SELECT s.row_no, 'lembaga', {Raw("lembaga")},
               CASE WHEN s.institution_id IS NULL THEN 'Lembaga dengan kode "' || s.institution_code || '" tidak terdaftar. '
                    ELSE 'Lembaga ' || s.institution_code || ' bukan mitra angkatan ini. ' END || @partner_hint
        FROM import_rows s
        WHERE s.institution_code IS NOT NULL AND (s.institution_id IS NULL OR NOT s.institution_id = ANY (@partners));
        """;

    public override string CertificateColumn => "nama";

    public override string CompleteSql => """
        UPDATE import_rows s SET participant_id = p.id,
            email = COALESCE(s.email, p.email),
            phone = COALESCE(s.phone, p.phone),
            employer = COALESCE(s.employer, p.employer),
            province_code = COALESCE(s.province_code, p.province_code)
        FROM participants p
        WHERE p.nik = s.nik AND NOT s.bad;
        UPDATE import_rows s SET registration_id = r.id,
            license_number = COALESCE(s.license_number, r.license_number),
            attendance_mode = COALESCE(s.attendance_mode, r.attendance_mode),
            institution_id = COALESCE(s.institution_id, r.institution_id)
        FROM registrations r
        WHERE r.batch_id = @batch AND r.participant_id = s.participant_id AND NOT s.bad;
        UPDATE import_rows SET
            province_code = COALESCE(province_code, substr(nik, 1, 2)),
            attendance_mode = COALESCE(attendance_mode, 'LURING')
        WHERE NOT bad AND (province_code IS NULL OR attendance_mode IS NULL);
        """;

    public override string CountSql => $"""
        SELECT count(*) FILTER (WHERE s.registration_id IS NULL),
               count(*) FILTER (WHERE s.registration_id IS NOT NULL AND {Changed}),
               count(*) FILTER (WHERE s.registration_id IS NOT NULL AND NOT {Changed})
        FROM import_rows s
        LEFT JOIN participants p ON p.id = s.participant_id
        LEFT JOIN registrations r ON r.id = s.registration_id
        WHERE NOT s.bad
        """;

    // The WHERE of each DO UPDATE leaves unchanged rows untouched: no new row version, no xmin bump, nothing recorded.
    // People are shared by every batch and two batches may import at once: taking their rows in NIK order
    // means two such merges wait for each other instead of deadlocking.
    public override string MergeSql { get; } =
        Recorded("participants", UploadUndo.ParticipantColumns, "participant_id", "NOT s.bad", """
            INSERT INTO participants (nik, full_name, email, phone, gender, birth_date, province_code, employer, created_at, updated_at)
            SELECT nik, full_name, email, phone, gender, birth_date, province_code, employer, @now, @now
            FROM import_rows WHERE NOT bad
            ORDER BY nik
            ON CONFLICT (nik) DO UPDATE SET
                full_name = EXCLUDED.full_name, email = EXCLUDED.email, phone = EXCLUDED.phone, gender = EXCLUDED.gender,
                birth_date = EXCLUDED.birth_date, province_code = EXCLUDED.province_code, employer = EXCLUDED.employer,
                updated_at = EXCLUDED.updated_at
            WHERE (participants.full_name, participants.email, participants.phone, participants.gender, participants.birth_date,
                   participants.province_code, participants.employer)
                  IS DISTINCT FROM (EXCLUDED.full_name, EXCLUDED.email, EXCLUDED.phone, EXCLUDED.gender, EXCLUDED.birth_date,
                   EXCLUDED.province_code, EXCLUDED.employer)
            """) +
        Recorded("registrations", UploadUndo.RegistrationColumns,
            "registration_id", "NOT s.bad", """
            INSERT INTO registrations (batch_id, participant_id, category, expertise_field, license_number, attendance_mode,
                                       institution_id, source, registered_by, registered_at, updated_at)
            SELECT @batch, p.id, s.category, s.expertise_field, s.license_number, s.attendance_mode, s.institution_id, 'IMPORT', @user, @now, @now
            FROM import_rows s JOIN participants p ON p.nik = s.nik
            WHERE NOT s.bad
            ON CONFLICT (batch_id, participant_id) DO UPDATE SET
                category = EXCLUDED.category, expertise_field = EXCLUDED.expertise_field, license_number = EXCLUDED.license_number,
                attendance_mode = EXCLUDED.attendance_mode, institution_id = EXCLUDED.institution_id, updated_at = EXCLUDED.updated_at
            WHERE (registrations.category, registrations.expertise_field, registrations.license_number, registrations.attendance_mode,
                   registrations.institution_id)
                  IS DISTINCT FROM (EXCLUDED.category, EXCLUDED.expertise_field, EXCLUDED.license_number, EXCLUDED.attendance_mode,
                   EXCLUDED.institution_id)
            """);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

}
