using System.Text;
using K3Competency.Application;
using K3Competency.Application.Imports;
using K3Competency.Domain;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Imports;

public sealed class RegistrationImportTests(AppFixture fixture) : ImportTest(fixture)
{

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TwoPartnersAsync();
    }

    private static readonly string ThreeGoodRows = Lines(
        RegistrationHeader,
        "3578080102900001,Budi Santoso,budi@contoh.id,0812-3456-7890,L,Jawa Timur,PT Maju,AHLI_K3,LISTRIK,LIS-1,LURING,LPK-A",
        "3174054107850002,Siti Aminah,,,P,31,Disnaker DKI,PENGAWAS,,,DARING,lpk-b",
        "3273017112990003,Rina Wati,,,,,,ANGGOTA_ALPK3I,,,,");

    [Fact]
    public async Task Valid_registration_file_inserts_every_row_with_normalised_values()
    {
        var report = await ImportAsync(UploadKind.Registrations, SharedBatch, ThreeGoodRows);

        Assert.Equal((3, 3, 0, 0, 0, true), (report.Rows, report.Inserted, report.Updated, report.Unchanged, report.Rejected, report.Committed));
        Assert.Empty(report.Errors);

        await using var db = Database.CreateDbContext();
        var budi = await db.Registrations.Include(r => r.Participant).SingleAsync(r => r.Participant!.Nik == "3578080102900001");
        Assert.Equal(SharedBatch, budi.BatchId);
        Assert.Equal("Budi Santoso", budi.Participant!.FullName);
        Assert.Equal("+6281234567890", budi.Participant.Phone);
        Assert.Equal("35", budi.Participant.ProvinceCode);
        Assert.Equal(new DateOnly(1990, 2, 1), budi.Participant.BirthDate);
        Assert.Equal((ParticipantCategory.AhliK3, "LISTRIK", "LIS-1", AttendanceMode.Luring, LpkA),
            (budi.Category, budi.ExpertiseField, budi.LicenseNumber, budi.AttendanceMode, budi.InstitutionId));
        Assert.Equal(Staff.UserId, budi.RegisteredBy);

        var siti = await db.Registrations.Include(r => r.Participant).SingleAsync(r => r.Participant!.Nik == "3174054107850002");
        Assert.Equal((Gender.P, "31", AttendanceMode.Daring, LpkB), (siti.Participant!.Gender, siti.Participant.ProvinceCode, siti.AttendanceMode, siti.InstitutionId));
        Assert.Null(siti.ExpertiseField);

        // No province column value: the NIK's province; no mode: LURING.
        var rina = await db.Registrations.Include(r => r.Participant).SingleAsync(r => r.Participant!.Nik == "3273017112990003");
        Assert.Equal(("32", AttendanceMode.Luring, (int?)null), (rina.Participant!.ProvinceCode, rina.AttendanceMode, rina.InstitutionId));
    }

    [Fact]
    public async Task Strict_import_with_one_bad_row_writes_nothing_and_names_row_and_column()
    {
        var csv = Lines(
            RegistrationHeader,
            "3578080102900001,Budi Santoso,,,,,,PENGAWAS,,,,",
            "357808010290001,Andi,,,,,,PENGAWAS,,,,",
            "3578080102900003,Citra,,,,,,PENGAWAS,,,,");

        var report = await ImportAsync(UploadKind.Registrations, SharedBatch, csv);

        Assert.False(report.Committed);
        Assert.True(report.RefusedAsWhole);
        Assert.Equal((3, 0, 0, 0, 1), (report.Rows, report.Inserted, report.Updated, report.Unchanged, report.Rejected));
        var error = Assert.Single(report.Errors);
        Assert.Equal((3, "nik", "357808010290001"), (error.Row, error.Column, error.Value));
        Assert.Contains("16 digit", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("participants"));
        Assert.Equal(0, await CountAsync("registrations"));

        // The refused upload is history too, with its errors, but no audit entry because nothing changed.
        await using var db = Database.CreateDbContext();
        var upload = await db.Uploads.SingleAsync();
        Assert.Equal((report.UploadId, false, 1, UploadKind.Registrations), (upload.Id, upload.Committed, upload.Rejected, upload.Kind));
        Assert.Contains("357808010290001", upload.Errors, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("audit_entries"));
    }

    [Fact]
    public async Task Partial_import_writes_the_good_rows_and_reports_the_bad_one()
    {
        var csv = Lines(
            RegistrationHeader,
            "3578080102900001,Budi Santoso,,,,,,PENGAWAS,,,,",
            "3578080102900002,Andi,,,,,,DOSEN,,,,",
            "3578080102900003,Citra,,,,,,PENGAWAS,,,,");

        var report = await ImportAsync(UploadKind.Registrations, SharedBatch, csv, partial: true);

        Assert.Equal((3, 2, 0, 0, 1, true), (report.Rows, report.Inserted, report.Updated, report.Unchanged, report.Rejected, report.Committed));
        Assert.Contains("DOSEN", ErrorAt(report, 3, "kategori").Message, StringComparison.Ordinal);
        await using var db = Database.CreateDbContext();
        Assert.Equal(["3578080102900001", "3578080102900003"], await db.Participants.OrderBy(p => p.Nik).Select(p => p.Nik).ToListAsync());
        Assert.Equal(2, await db.Registrations.CountAsync(r => r.BatchId == SharedBatch));
    }

    [Fact]
    public async Task Same_file_twice_is_all_unchanged_and_rewrites_no_row()
    {
        await ImportAsync(UploadKind.Registrations, SharedBatch, ThreeGoodRows);
        var participants = await XminsAsync("participants");
        var registrations = await XminsAsync("registrations");

        var again = await ImportAsync(UploadKind.Registrations, SharedBatch, ThreeGoodRows);

        Assert.Equal((3, 0, 0, 3, 0, true), (again.Rows, again.Inserted, again.Updated, again.Unchanged, again.Rejected, again.Committed));
        Assert.Equal(participants, await XminsAsync("participants"));
        Assert.Equal(registrations, await XminsAsync("registrations"));
    }

    [Fact]
    public async Task Corrected_file_updates_only_the_changed_rows()
    {
        await ImportAsync(UploadKind.Registrations, SharedBatch, ThreeGoodRows);
        var corrected = ThreeGoodRows
            .Replace("Budi Santoso", "Budi Santoso Wijaya", StringComparison.Ordinal)
            .Replace("PENGAWAS,,,DARING", "PENGAWAS,,,LURING", StringComparison.Ordinal);

        var report = await ImportAsync(UploadKind.Registrations, SharedBatch, corrected);

        Assert.Equal((0, 2, 1), (report.Inserted, report.Updated, report.Unchanged));
        await using var db = Database.CreateDbContext();
        Assert.Equal("Budi Santoso Wijaya", (await db.Participants.SingleAsync(p => p.Nik == "3578080102900001")).FullName);
        Assert.Equal(AttendanceMode.Luring, (await db.Registrations.SingleAsync(r => r.Participant!.Nik == "3174054107850002")).AttendanceMode);
    }

    [Fact]
    public async Task Blank_optional_cell_keeps_what_is_stored()
    {
        await ImportAsync(UploadKind.Registrations, SharedBatch, ThreeGoodRows);
        var sparse = Lines("nik,nama,kategori,bidang_keahlian", "3578080102900001,Budi Santoso,AHLI_K3,LISTRIK");

        var report = await ImportAsync(UploadKind.Registrations, SharedBatch, sparse);

        Assert.Equal((0, 0, 1), (report.Inserted, report.Updated, report.Unchanged));
        await using var db = Database.CreateDbContext();
        var budi = await db.Registrations.Include(r => r.Participant).SingleAsync(r => r.Participant!.Nik == "3578080102900001");
        Assert.Equal(("budi@contoh.id", "+6281234567890", "PT Maju", LpkA), (budi.Participant!.Email, budi.Participant.Phone, budi.Participant.Employer, budi.InstitutionId));
    }

    [Fact]
    public async Task Known_person_registering_in_a_second_batch_is_one_participant_with_two_registrations()
    {
        await ImportAsync(UploadKind.Registrations, SharedBatch, ThreeGoodRows);
        var second = await BatchAsync(1, LpkA);

        var report = await ImportAsync(UploadKind.Registrations, second, Lines("nik,nama,kategori,bidang_keahlian", "3578080102900001,Budi Santoso,AHLI_K3,LISTRIK"));

        Assert.Equal(1, report.Inserted);
        Assert.Equal(3, await CountAsync("participants"));
        Assert.Equal(4, await CountAsync("registrations"));
    }

    [Fact]
    public async Task Semicolon_BOM_and_XLSX_files_give_the_same_result_as_plain_CSV()
    {
        var csv = ThreeGoodRows + "3578080102900004,Dedi,,,X,,,PENGAWAS,,,,\r\n";
        var plain = await ImportAsync(UploadKind.Registrations, SharedBatch, csv, partial: true, dryRun: true);
        Assert.Equal((4, 3, 1), (plain.Rows, plain.Inserted, plain.Rejected));

        var semicolon = await ImportAsync(UploadKind.Registrations, SharedBatch, Encoding.UTF8.GetBytes(csv.Replace(',', ';')), "data.csv", partial: true, dryRun: true);
        var bom = await ImportAsync(UploadKind.Registrations, SharedBatch, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "data.csv", partial: true, dryRun: true);
        var xlsx = await ImportAsync(UploadKind.Registrations, SharedBatch, XlsxFrom(csv), "data.xlsx", partial: true, dryRun: true);

        foreach (var other in new[] { semicolon, bom, xlsx })
        {
            Assert.Equal((plain.Rows, plain.Inserted, plain.Updated, plain.Unchanged, plain.Rejected),
                (other.Rows, other.Inserted, other.Updated, other.Unchanged, other.Rejected));
            Assert.Equal(plain.Errors, other.Errors);
        }

        // And the XLSX stores exactly what the CSV would have: the CSV afterwards changes nothing.
        Assert.Equal(3, (await ImportAsync(UploadKind.Registrations, SharedBatch, XlsxFrom(ThreeGoodRows), "data.xlsx")).Inserted);
        Assert.Equal(3, (await ImportAsync(UploadKind.Registrations, SharedBatch, ThreeGoodRows)).Unchanged);
    }

    [Fact]
    public async Task Dry_run_reports_what_would_happen_and_writes_nothing_but_the_upload_record()
    {
        var report = await ImportAsync(UploadKind.Registrations, SharedBatch, ThreeGoodRows, dryRun: true);

        Assert.Equal((3, 3, false), (report.Rows, report.Inserted, report.Committed));
        Assert.False(report.RefusedAsWhole);
        Assert.Equal(0, await CountAsync("participants"));
        await using var db = Database.CreateDbContext();
        var upload = await db.Uploads.SingleAsync();
        Assert.True(upload.DryRun);
        Assert.False(upload.Committed);
    }

    [Fact]
    public async Task Committed_import_is_recorded_with_its_hash_and_one_audit_entry_without_NIKs()
    {
        var bytes = Encoding.UTF8.GetBytes(ThreeGoodRows);
        var report = await ImportAsync(UploadKind.Registrations, SharedBatch, bytes, @"C:\Users\staf\Desktop\peserta angkatan 6.csv");

        await using var db = Database.CreateDbContext();
        var upload = await db.Uploads.SingleAsync();
        Assert.Equal(report.UploadId, upload.Id);
        Assert.Equal("peserta angkatan 6.csv", upload.FileName);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), upload.Sha256);
        Assert.Equal((true, 3, 3, Staff.UserId, (int?)null), (upload.Committed, upload.Rows, upload.Inserted, upload.UploadedBy, upload.InstitutionId));

        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("import", "Upload", upload.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Staff.UserId),
            (audit.Action, audit.EntityType, audit.EntityId, audit.UserId));
        Assert.Contains("\"inserted\": 3", audit.After, StringComparison.Ordinal);
        Assert.DoesNotContain("3578080102900001", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_NIK_rows_are_all_reported_with_the_other_rows_named()
    {
        var csv = Lines(
            RegistrationHeader,
            "3578080102900001,Budi Santoso,,,,,,PENGAWAS,,,,",
            "3578080102900002,Andi,,,,,,PENGAWAS,,,,",
            "3578-0801-0290-0001,Budi S.,,,,,,PENGAWAS,,,,");

        var report = await ImportAsync(UploadKind.Registrations, SharedBatch, csv, partial: true);

        Assert.Equal((1, 2), (report.Inserted, report.Rejected));
        Assert.Equal([2, 4], report.Errors.Select(e => e.Row));
        Assert.All(report.Errors, e =>
        {
            Assert.Equal("nik", e.Column);
            Assert.Contains("lebih dari sekali", e.Message, StringComparison.Ordinal);
            Assert.Contains("baris 2, 4", e.Message, StringComparison.Ordinal);
        });
        Assert.Equal("3578-0801-0290-0001", report.Errors[1].Value);
    }

    [Fact]
    public async Task Gender_against_the_NIK_unknown_province_and_Ahli_K3_without_field_are_each_explained()
    {
        var csv = Lines(
            RegistrationHeader,
            "3578080102900001,Budi Santoso,,,P,,,PENGAWAS,,,,",
            "3578080102900002,Andi,,,,Jawa Tenggara,,PENGAWAS,,,,",
            "3578080102900003,Citra,,,,,,AHLI_K3,,,,");

        var report = await ImportAsync(UploadKind.Registrations, SharedBatch, csv);

        Assert.Equal(3, report.Rejected);
        Assert.Contains("tidak sesuai dengan NIK", ErrorAt(report, 2, "jenis_kelamin").Message, StringComparison.Ordinal);
        var province = ErrorAt(report, 3, "provinsi");
        Assert.Equal("Jawa Tenggara", province.Value);
        Assert.Contains("Provinsi \"Jawa Tenggara\" tidak dikenal", province.Message, StringComparison.Ordinal);
        Assert.Contains("wajib diisi untuk kategori AHLI_K3", ErrorAt(report, 4, "bidang_keahlian").Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("participants"));
    }

    [Fact]
    public async Task Unknown_institution_code_and_institution_that_is_no_partner_are_row_errors()
    {
        await InstitutionAsync("LPK-C");
        var csv = Lines(
            RegistrationHeader,
            "3578080102900001,Budi Santoso,,,,,,PENGAWAS,,,,LPK-Z",
            "3578080102900002,Andi,,,,,,PENGAWAS,,,,LPK-C");

        var report = await ImportAsync(UploadKind.Registrations, SharedBatch, csv);

        Assert.Contains("tidak terdaftar", ErrorAt(report, 2, "lembaga").Message, StringComparison.Ordinal);
        var notPartner = ErrorAt(report, 3, "lembaga").Message;
        Assert.Contains("bukan mitra angkatan ini", notPartner, StringComparison.Ordinal);
        Assert.Contains("LPK-A, LPK-B", notPartner, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NIK_typed_as_a_number_in_Excel_is_a_row_error_telling_to_format_the_column_as_text()
    {
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, new[]
        {
            new Dictionary<string, object?> { ["nik"] = 3578080102900001L, ["nama"] = "Budi", ["kategori"] = "PENGAWAS" },
        });

        var report = await ImportAsync(UploadKind.Registrations, SharedBatch, stream.ToArray(), "peserta.xlsx");

        Assert.Contains("Format kolom NIK sebagai Teks", ErrorAt(report, 2, "nik").Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("participants"));
    }

    [Fact]
    public async Task Failure_in_the_middle_of_the_merge_leaves_nothing_half_written()
    {
        // Participants are merged before registrations (and the upload row before both, since the merge records its
        // changes under it); a trigger that fails the registrations insert breaks the second statement after the
        // first has run, as a crash between them would.
        await using (var connection = await Database.OpenAsync())
        await using (var create = new Npgsql.NpgsqlCommand("""
            CREATE FUNCTION test_fail_merge() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'mid-merge failure'; END $$;
            CREATE TRIGGER test_fail_merge BEFORE INSERT ON registrations FOR EACH ROW EXECUTE FUNCTION test_fail_merge();
            """, connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            var failure = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => ImportAsync(UploadKind.Registrations, SharedBatch, ThreeGoodRows));
            Assert.Equal("mid-merge failure", failure.MessageText);
        }
        finally
        {
            await using var connection = await Database.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand("DROP TRIGGER test_fail_merge ON registrations; DROP FUNCTION test_fail_merge();", connection);
            await drop.ExecuteNonQueryAsync();
        }

        Assert.Equal(0, await CountAsync("participants"));
        Assert.Equal(0, await CountAsync("registrations"));
        Assert.Equal(0, await CountAsync("uploads"));
    }

    [Fact]
    public async Task Institution_admin_may_not_import_registrations()
    {
        Assert.Equal(Failure.Forbidden, (await TryImportAsync(UploadKind.Registrations, SharedBatch, ThreeGoodRows, AdminOf(LpkA))).Failure);
        Assert.Equal(0, await CountAsync("uploads"));
    }

    [Fact]
    public async Task Unknown_batch_is_reported_as_not_found() =>
        Assert.Equal(Failure.NotFound, (await TryImportAsync(UploadKind.Registrations, 999_999, ThreeGoodRows)).Failure);

    [Fact]
    public async Task Missing_required_column_refuses_the_whole_file_naming_it()
    {
        var refused = await TryImportAsync(UploadKind.Registrations, SharedBatch, Lines("nik,nama", "3578080102900001,Budi"));
        Assert.Equal(Failure.Unreadable, refused.Failure);
        Assert.Contains("\"kategori\"", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("uploads"));
    }

    [Fact]
    public async Task Header_without_data_rows_refuses_the_whole_file()
    {
        var refused = await TryImportAsync(UploadKind.Registrations, SharedBatch, Lines(RegistrationHeader, ",,,,,,,,,,,"));
        Assert.Equal(Failure.Unreadable, refused.Failure);
        Assert.Contains("tidak berisi baris data", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_over_the_limit_is_refused_before_it_is_read()
    {
        var bytes = Encoding.UTF8.GetBytes(ThreeGoodRows);
        var declared = await TryImportAsync(UploadKind.Registrations, SharedBatch, bytes, "a.csv", maxBytes: 100, declaredLength: bytes.Length);
        Assert.Equal(Failure.TooLarge, declared.Failure);
        Assert.Contains("terlalu besar", declared.Message, StringComparison.Ordinal);
        // Without a declared length the copy stops as soon as the limit is passed.
        Assert.Equal(Failure.TooLarge, (await TryImportAsync(UploadKind.Registrations, SharedBatch, bytes, "a.csv", maxBytes: 100)).Failure);
        Assert.Equal(0, await CountAsync("participants"));
        Assert.Equal(0, await CountAsync("uploads"));
    }

    [Fact]
    public async Task Downloaded_template_imports_as_one_new_registration()
    {
        var report = await ImportAsync(UploadKind.Registrations, SharedBatch, ImportTemplates.CsvBytes(UploadKind.Registrations), ImportTemplates.FileName(UploadKind.Registrations, ImportFormat.Csv));
        Assert.Equal((1, 1, 0), (report.Rows, report.Inserted, report.Rejected));
        var xlsx = await ImportAsync(UploadKind.Registrations, SharedBatch, ImportTemplates.Xlsx(UploadKind.Registrations), "templat.xlsx");
        Assert.Equal((1, 0, 1), (xlsx.Rows, xlsx.Inserted, xlsx.Unchanged));
    }
}
