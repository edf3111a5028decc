using System.Text;
using K3Competency.Application.Imports;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace K3Competency.IntegrationTests.Imports;

public sealed class ImportErrorReportTests(AppFixture fixture) : ImportTest(fixture)
{
    [Fact]
    public async Task Error_report_lists_each_rejected_row_as_uploaded_with_its_messages_and_no_live_formulas()
    {
        var lpk = await InstitutionAsync("LPK-A");
        var batch = await BatchAsync(1, lpk);
        var csv = Lines(
            RegistrationHeader,
            "3578080102900001,Budi Santoso,,,,,,PENGAWAS,,,,",
            "3578080102900002,=HYPERLINK(\"http://jahat.example\"),bukan-email,,,,,AHLI_K3,,,,",
            "123,Citra,,,,,,PENGAWAS,,,,");
        var report = await ImportAsync(UploadKind.Registrations, batch, csv);

        await using var scope = Factory.Services.CreateAsyncScope();
        var errorReport = scope.ServiceProvider.GetRequiredService<ImportErrorReport>();
        var upload = await errorReport.FindUploadAsync(report.UploadId, Staff);
        Assert.NotNull(upload);
        using var output = new MemoryStream();
        await ImportErrorReport.WriteCsvAsync(upload, output);

        var bytes = output.ToArray();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal("nik;nama;email;no_hp;jenis_kelamin;provinsi;instansi;kategori;bidang_keahlian;nomor_lisensi;mode;lembaga;baris;kesalahan", lines[0]);
        Assert.StartsWith("3578080102900002;\"'=HYPERLINK(\"\"http://jahat.example\"\")\";bukan-email;", lines[1], StringComparison.Ordinal);
        Assert.Contains(";3;\"email: Alamat email", lines[1], StringComparison.Ordinal);
        Assert.Contains("bidang_keahlian: Bidang keahlian wajib diisi", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("123;Citra;", lines[2], StringComparison.Ordinal);
        Assert.Equal("kesalahan-pendaftaran-" + report.UploadId + ".csv", ImportErrorReport.FileName(upload));

        // The report itself can be fixed and uploaded again: its extra columns are ignored.
        var fixedReport = Encoding.UTF8.GetString(bytes[3..])
            .Replace("'=HYPERLINK(\"\"http://jahat.example\"\")", "Andi", StringComparison.Ordinal)
            .Replace("bukan-email", "andi@contoh.id", StringComparison.Ordinal)
            .Replace(";AHLI_K3;;", ";AHLI_K3;UMUM;", StringComparison.Ordinal)
            .Replace("123;Citra", "3578080102900003;Citra", StringComparison.Ordinal);
        var retry = await ImportAsync(UploadKind.Registrations, batch, fixedReport);
        Assert.Equal((2, 2, 0), (retry.Rows, retry.Inserted, retry.Rejected));
    }

    [Fact]
    public async Task Error_report_as_XLSX_keeps_each_NIK_whole_as_text_so_Excel_cannot_damage_it_again()
    {
        var batch = await BatchAsync(1);
        var report = await ImportAsync(UploadKind.Registrations, batch, Lines(
            RegistrationHeader,
            "3578080102900001,Budi Santoso,bukan-email,,,,,PENGAWAS,,,,",
            "3578080102900002,=HYPERLINK(\"http://jahat.example\"),,,,,,AHLI_K3,,,,"));
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));

        using var response = await staff.Http.GetAsync($"/Uploads/Errors/{report.UploadId}?format=xlsx");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("kesalahan-pendaftaran-" + report.UploadId + ".xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        using var xlsx = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = MiniExcelLibs.MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["3578080102900001", "3578080102900002"], rows.Select(r => r["nik"]).ToArray());
        Assert.Equal("'=HYPERLINK(\"http://jahat.example\")", rows[1]["nama"]);
        Assert.Contains("email: Alamat email", (string)rows[0]["kesalahan"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Institution_admin_cannot_open_another_institutions_upload()
    {
        var a = await InstitutionAsync("LPK-A");
        var b = await InstitutionAsync("LPK-B");
        var batch = await BatchAsync(1, a, b);
        await RegisterAsync(batch, Nik(1), a);
        var report = await ImportAsync(UploadKind.Attendance, batch, Lines("nik,sesi,status", $"{Nik(1)},1,SAKIT"), AdminOf(a));

        await using var scope = Factory.Services.CreateAsyncScope();
        var errorReport = scope.ServiceProvider.GetRequiredService<ImportErrorReport>();
        Assert.NotNull(await errorReport.FindUploadAsync(report.UploadId, AdminOf(a)));
        Assert.Null(await errorReport.FindUploadAsync(report.UploadId, AdminOf(b)));

        // Staff uploads carry no institution; an institution admin account without one must not match them.
        var staffUpload = await ImportAsync(UploadKind.Attendance, batch, Lines("nik,sesi,status", $"{Nik(1)},1,SAKIT"));
        Assert.NotNull(await errorReport.FindUploadAsync(staffUpload.UploadId, Staff));
        Assert.Null(await errorReport.FindUploadAsync(staffUpload.UploadId, new Application.Identity.Actor("orphan", "orphan@x.id", Roles.InstitutionAdmin, null)));
    }

    [Fact]
    public async Task Errors_beyond_the_maximum_are_counted_in_one_closing_line()
    {
        var batch = await BatchAsync(1);
        var csv = new StringBuilder("nik,sesi,status\r\n");
        for (var i = 0; i < 10_050; i++)
        {
            csv.Append("123,1,HADIR\r\n");
        }

        var report = await ImportAsync(UploadKind.Attendance, batch, csv.ToString());

        Assert.Equal((10_050, 10_050), (report.Rows, report.Rejected));
        Assert.Equal(10_001, report.Errors.Count);
        Assert.Equal((2, "nik"), (report.Errors[0].Row, report.Errors[0].Column));
        var last = report.Errors[^1];
        Assert.Equal(0, last.Row);
        Assert.Contains("dan 50 kesalahan lain", last.Message, StringComparison.Ordinal);
    }
}
