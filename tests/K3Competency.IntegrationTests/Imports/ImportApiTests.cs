using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Imports;

/// <summary>The import endpoints of DESIGN §7 over HTTP: status codes, report bodies, and what lands in the database.</summary>
public sealed class ImportApiTests(AppFixture fixture) : ImportTest(fixture)
{

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TwoPartnersAsync();
    }

    private static readonly string Good = Lines(
        RegistrationHeader,
        "3578080102900001,Budi Santoso,budi@contoh.id,0812-3456-7890,L,Jawa Timur,PT Maju,AHLI_K3,LISTRIK,LIS-1,LURING,LPK-A",
        "3174054107850002,Siti Aminah,,,P,31,Disnaker DKI,PENGAWAS,,,DARING,LPK-B",
        "3273017112990003,Rina Wati,,,,,,ANGGOTA_ALPK3I,,,,");

    private Task<HttpClient> ClientAsync(string role, int? institutionId = null) => TestUsers.BearerClientAsync(Factory, role, institutionId);

    private static MultipartFormDataContent Multipart(byte[] bytes, string fileName)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".xlsx", StringComparison.Ordinal)
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        form.Add(file, "file", fileName);
        return form;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpClient http, string url, HttpContent content)
    {
        using var response = await http.PostAsync(url, content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static string Counts(JsonElement r) =>
        $"{r.GetProperty("rows")}/{r.GetProperty("inserted")}/{r.GetProperty("updated")}/{r.GetProperty("unchanged")}/{r.GetProperty("rejected")}/{r.GetProperty("committed")}";

    [Fact]
    public async Task Valid_file_is_imported_and_the_same_file_twice_changes_nothing()
    {
        using var http = await ClientAsync(Roles.Staff);
        var url = $"/api/v1/batches/{SharedBatch}/registrations/import";
        var first = await Send(http, url, Multipart(Encoding.UTF8.GetBytes(Good), "peserta.csv"));
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("3/3/0/0/0/True", Counts(first.Body));

        var second = await Send(http, url, Multipart(Encoding.UTF8.GetBytes(Good), "peserta.csv"));
        Assert.Equal("3/0/0/3/0/True", Counts(second.Body));

        var corrected = await Send(http, url, Multipart(Encoding.UTF8.GetBytes(Good.Replace("Budi Santoso", "Budi Santoso Wibowo", StringComparison.Ordinal)), "peserta.csv"));
        Assert.Equal("3/0/1/2/0/True", Counts(corrected.Body));
        await using var db = Database.CreateDbContext();
        Assert.Equal(3, await db.Registrations.CountAsync(r => r.BatchId == SharedBatch));
        Assert.Equal(3, await db.Uploads.CountAsync(u => u.BatchId == SharedBatch && u.Committed));
    }

    [Fact]
    public async Task Strict_file_with_one_bad_row_is_422_names_row_and_column_and_writes_nothing()
    {
        using var http = await ClientAsync(Roles.Staff);
        var bad = Good.Replace("Jawa Timur", "Atlantis", StringComparison.Ordinal);
        var (status, body) = await Send(http, $"/api/v1/batches/{SharedBatch}/registrations/import", Multipart(Encoding.UTF8.GetBytes(bad), "peserta.csv"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(2, error.GetProperty("row").GetInt32());
        Assert.Equal("provinsi", error.GetProperty("column").GetString());
        Assert.Equal("Atlantis", error.GetProperty("value").GetString());
        Assert.False(body.GetProperty("committed").GetBoolean());
        Assert.Equal(0, await CountAsync("registrations"));

        var partial = await Send(http, $"/api/v1/batches/{SharedBatch}/registrations/import?partial=true", Multipart(Encoding.UTF8.GetBytes(bad), "peserta.csv"));
        Assert.Equal(HttpStatusCode.OK, partial.Status);
        Assert.Equal("3/2/0/0/1/True", Counts(partial.Body));
        Assert.Equal(2, await CountAsync("registrations"));
    }

    [Fact]
    public async Task Dry_run_reports_without_writing()
    {
        using var http = await ClientAsync(Roles.Admin);
        var (status, body) = await Send(http, $"/api/v1/batches/{SharedBatch}/registrations/import?dryRun=true", Multipart(Encoding.UTF8.GetBytes(Good), "peserta.csv"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("committed").GetBoolean());
        Assert.Equal(3, body.GetProperty("inserted").GetInt32());
        Assert.Equal(0, await CountAsync("registrations"));
    }

    [Fact]
    public async Task Semicolons_a_BOM_a_raw_body_and_XLSX_give_the_same_result_as_plain_CSV()
    {
        using var http = await ClientAsync(Roles.Staff);
        var url = $"/api/v1/batches/{SharedBatch}/registrations/import?dryRun=true";
        var plain = Counts((await Send(http, url, Multipart(Encoding.UTF8.GetBytes(Good), "a.csv"))).Body);
        var semicolon = Counts((await Send(http, url, Multipart(Encoding.UTF8.GetBytes(Good.Replace(',', ';')), "b.csv"))).Body);
        var bom = Counts((await Send(http, url, Multipart([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Good)], "c.csv"))).Body);
        var xlsx = Counts((await Send(http, url, Multipart(XlsxFrom(Good), "d.xlsx"))).Body);
        using var raw = new StringContent(Good, Encoding.UTF8, "text/csv");
        var rawBody = Counts((await Send(http, url, raw)).Body);
        Assert.Equal("3/3/0/0/0/False", plain);
        Assert.Equal([plain, plain, plain, plain], new[] { semicolon, bom, xlsx, rawBody });
    }

    [Fact]
    public async Task Missing_required_column_is_400_for_the_whole_file()
    {
        using var http = await ClientAsync(Roles.Staff);
        var csv = Lines("nik,email,kategori", "3578080102900001,a@b.id,PENGAWAS");
        var (status, body) = await Send(http, $"/api/v1/batches/{SharedBatch}/registrations/import", Multipart(Encoding.UTF8.GetBytes(csv), "x.csv"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("nama", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_over_the_limit_is_413_before_parsing()
    {
        await using var small = new K3AppFactory(Database, new Dictionary<string, string?> { ["Imports:MaxFileBytes"] = "1000" });
        using var http = small.CreateClient();
        var user = await TestUsers.CreateAsync(small, Roles.Staff);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TestUsers.TokenAsync(http, user));
        // Not even a CSV: refused on its declared size, never read.
        using var big = new ByteArrayContent(new byte[200_000]);
        big.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var (status, body) = await Send(http, $"/api/v1/batches/{SharedBatch}/registrations/import", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("terlalu besar", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("uploads"));
    }

    [Fact]
    public async Task Row_errors_say_what_to_do()
    {
        using var http = await ClientAsync(Roles.Staff);
        var csv = Lines(
            RegistrationHeader,
            "3578080102900001,Budi,,,P,35,,PENGAWAS,,,,",          // gender contradicts the NIK
            "3578080102900002,Andi,,,L,Atlantis,,PENGAWAS,,,,",     // unknown province
            "3578080102900003,Sari,,,,35,,AHLI_K3,,,,",             // Ahli K3 without expertise field
            "\"3,57808E+15\",Eko,,,,35,,PENGAWAS,,,,",              // Excel's scientific notation
            "3578080102900005,Dewi,,,,35,,PENGAWAS,,,,",
            "3578080102900005,Dewi Lagi,,,,35,,PENGAWAS,,,,");      // duplicate NIK in the file
        var (status, body) = await Send(http, $"/api/v1/batches/{SharedBatch}/registrations/import", Multipart(Encoding.UTF8.GetBytes(csv), "x.csv"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var errors = body.GetProperty("errors").EnumerateArray()
            .Select(e => (Row: e.GetProperty("row").GetInt32(), Column: e.GetProperty("column").GetString(), Message: e.GetProperty("message").GetString()!)).ToList();
        Assert.Contains(errors, e => e.Row == 2 && e.Column == "jenis_kelamin" && e.Message.Contains("NIK", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 3 && e.Column == "provinsi");
        Assert.Contains(errors, e => e.Row == 4 && e.Column == "bidang_keahlian" && e.Message.Contains("wajib diisi", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 5 && e.Column == "nik" && e.Message.Contains("Teks", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 6 && e.Column == "nik");
        Assert.Contains(errors, e => e.Row == 7 && e.Column == "nik");
    }

    [Fact]
    public async Task Institution_admin_cannot_import_registrations_nor_into_a_batch_it_does_not_partner()
    {
        var lpkC = await InstitutionAsync("LPK-C");
        using var adminC = await ClientAsync(Roles.InstitutionAdmin, lpkC);
        var registrations = await Send(adminC, $"/api/v1/batches/{SharedBatch}/registrations/import", Multipart(Encoding.UTF8.GetBytes(Good), "x.csv"));
        Assert.Equal(HttpStatusCode.Forbidden, registrations.Status);
        var attendance = await Send(adminC, $"/api/v1/batches/{SharedBatch}/attendance/import",
            Multipart(Encoding.UTF8.GetBytes(Lines("nik,sesi,status", "3578080102900001,1,HADIR")), "x.csv"));
        Assert.Equal(HttpStatusCode.Forbidden, attendance.Status);
        using var anonymous = Factory.CreateClient();
        var anon = await Send(anonymous, $"/api/v1/batches/{SharedBatch}/attendance/import", Multipart(Encoding.UTF8.GetBytes("nik"), "x.csv"));
        Assert.Equal(HttpStatusCode.Unauthorized, anon.Status);
    }

    [Fact]
    public async Task Attendance_naming_another_institutions_participant_is_a_row_error_and_partial_leaves_it_untouched()
    {
        await RegisterAsync(SharedBatch, Nik(1), LpkA, "Peserta A");
        await RegisterAsync(SharedBatch, Nik(2), LpkB, "Peserta B");
        using var adminA = await ClientAsync(Roles.InstitutionAdmin, LpkA);
        var csv = Lines("nik,sesi,status", $"{Nik(1)},1,HADIR", $"{Nik(2)},1,ALPA");
        var url = $"/api/v1/batches/{SharedBatch}/attendance/import";

        var strict = await Send(adminA, url, Multipart(Encoding.UTF8.GetBytes(csv), "hadir.csv"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, strict.Status);
        Assert.Equal(3, Assert.Single(strict.Body.GetProperty("errors").EnumerateArray()).GetProperty("row").GetInt32());
        Assert.Equal(0, await CountAsync("attendances"));

        var partial = await Send(adminA, url + "?partial=true", Multipart(Encoding.UTF8.GetBytes(csv), "hadir.csv"));
        Assert.Equal(HttpStatusCode.OK, partial.Status);
        await using var db = Database.CreateDbContext();
        var rows = await db.Attendances.Include(a => a.Registration).ThenInclude(r => r!.Participant).ToListAsync();
        var only = Assert.Single(rows);
        Assert.Equal(Nik(1), only.Registration!.Participant!.Nik);
    }

    [Fact]
    public async Task Institution_admin_gets_403_for_another_institutions_upload_report()
    {
        await RegisterAsync(SharedBatch, Nik(2), LpkB, "Peserta B");
        using var adminB = await ClientAsync(Roles.InstitutionAdmin, LpkB);
        var rejected = await Send(adminB, $"/api/v1/batches/{SharedBatch}/attendance/import", Multipart(Encoding.UTF8.GetBytes(Lines("nik,sesi,status", $"{Nik(2)},9,HADIR")), "b.csv"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.Status);
        long uploadId;
        await using (var db = Database.CreateDbContext())
        {
            uploadId = (await db.Uploads.SingleAsync()).Id;
        }

        using var adminA = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.InstitutionAdmin, LpkA));
        using var foreign = await adminA.Http.GetAsync($"/Uploads/Errors/{uploadId}");
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.DoesNotContain("b.csv", await adminA.GetStringAsync("/Uploads"), StringComparison.Ordinal);

        using var ownerB = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.InstitutionAdmin, LpkB));
        using var own = await ownerB.Http.GetAsync($"/Uploads/Errors/{uploadId}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("sesi", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
