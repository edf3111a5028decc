using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Certificates;

/// <summary>The certificate endpoints of DESIGN §7 over HTTP against the real app.</summary>
public sealed class CertificateApiTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private Task<HttpClient> BearerClientAsync(string role) => TestUsers.BearerClientAsync(Factory, role);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    private async Task<string> CodeOfAsync(long registrationId)
    {
        await using var db = Database.CreateDbContext();
        return await db.Certificates.Where(c => c.RegistrationId == registrationId).Select(c => c.VerificationCode).SingleAsync();
    }

    [Fact]
    public async Task Two_issue_requests_at_once_give_each_completed_registration_one_certificate_numbered_without_gaps()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(sessions: 4);
        var completed = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            completed.Add(await data.RegisterAsync($"Peserta Lulus {i:D2}", present: 4, postTest: 70m + i));
        }
        var absent = await data.RegisterAsync("Peserta Jarang Hadir", present: 1, postTest: 95m);
        var failed = await data.RegisterAsync("Peserta Nilai Kurang", present: 4, postTest: 60m);

        using var first = await BearerClientAsync(Roles.Staff);
        using var second = await BearerClientAsync(Roles.Admin);
        var url = $"/api/v1/batches/{data.BatchId}/certificates";
        var responses = await Task.WhenAll(first.PostAsync(url, null), second.PostAsync(url, null));

        var bodies = new List<JsonElement>();
        foreach (var response in responses)
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                bodies.Add(await JsonAsync(response));
            }
        }
        // One request issued all twelve; the other waited for it and found them issued.
        Assert.Equal([0, 12], bodies.Select(b => b.GetProperty("issued").GetInt32()).Order());
        Assert.Equal([0, 12], bodies.Select(b => b.GetProperty("alreadyIssued").GetInt32()).Order());

        await using var db = Database.CreateDbContext();
        var certificates = await db.Certificates.Where(c => c.BatchId == data.BatchId).OrderBy(c => c.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 12), certificates.Select(c => c.Sequence));
        Assert.Equal(completed.Order(), certificates.Select(c => c.RegistrationId).Order());
        Assert.DoesNotContain(certificates, c => c.RegistrationId == absent || c.RegistrationId == failed);
    }

    [Fact]
    public async Task Issuing_again_issues_nothing_and_counts_those_already_issued()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        await data.RegisterAsync("Budi Santoso", present: 5, postTest: 80m);
        await data.RegisterAsync("Dewi Anggraini", present: 5, postTest: 90m);
        using var http = await BearerClientAsync(Roles.Staff);

        using var once = await http.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null);
        using var twice = await http.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null);

        var a = await JsonAsync(once);
        var b = await JsonAsync(twice);
        Assert.Equal((2, 0), (a.GetProperty("issued").GetInt32(), a.GetProperty("alreadyIssued").GetInt32()));
        Assert.Equal((0, 2), (b.GetProperty("issued").GetInt32(), b.GetProperty("alreadyIssued").GetInt32()));
    }

    [Fact]
    public async Task Batch_list_shows_number_code_name_and_predicate_of_each_certificate()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(programmeCode: "PKAK3-2023");
        var agus = await data.RegisterAsync("Agus Salim", present: 5, postTest: 90.5m);
        await data.RegisterAsync("Budi Santoso", present: 5, postTest: 75m);
        using var http = await BearerClientAsync(Roles.Staff);
        (await http.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null)).Dispose();

        using var response = await http.GetAsync($"/api/v1/batches/{data.BatchId}/certificates");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = (await JsonAsync(response)).EnumerateArray().ToList();
        Assert.Equal(["PKAK3-2023/06/000001", "PKAK3-2023/06/000002"], rows.Select(r => r.GetProperty("number").GetString()));
        Assert.Equal(["Agus Salim", "Budi Santoso"], rows.Select(r => r.GetProperty("participantName").GetString()));
        Assert.Equal([true, false], rows.Select(r => r.GetProperty("highPerforming").GetBoolean()));
        Assert.Equal(await CodeOfAsync(agus), rows[0].GetProperty("code").GetString());
        Assert.All(rows, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("revokedAt").ValueKind));
    }

    [Fact]
    public async Task Anyone_can_verify_a_code_and_sees_the_holder_name_masked()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(programmeCode: "PKAK3-2023");
        var registration = await data.RegisterAsync("Budi Santoso Wibowo", present: 5, postTest: 80m);
        using (var staff = await BearerClientAsync(Roles.Staff))
        {
            (await staff.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null)).Dispose();
        }
        var code = await CodeOfAsync(registration);

        using var anonymous = Factory.CreateClient();
        // Typed by hand: lower case, grouped with dashes.
        using var response = await anonymous.GetAsync($"/api/v1/certificates/{code[..4].ToLowerInvariant()}-{code[4..8]}-{code[8..]}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.True(body.GetProperty("valid").GetBoolean());
        Assert.Equal("PKAK3-2023/06/000001", body.GetProperty("number").GetString());
        Assert.Equal("Budi S***** W*****", body.GetProperty("holder").GetString());
        Assert.Equal("Peningkatan Kompetensi Ahli K3 Tahun 2023", body.GetProperty("programme").GetString());
        Assert.Equal(6, body.GetProperty("batch").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("revokedAt").ValueKind);
        Assert.DoesNotContain("Santoso", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_code_is_a_404_problem_from_the_API_and_the_Indonesian_not_found_page()
    {
        using var anonymous = Factory.CreateFormClient();

        using var api = await anonymous.Http.GetAsync("/api/v1/certificates/ABCD-EFGH-JKMN");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Kode tidak ditemukan", (await JsonAsync(api)).GetProperty("title").GetString());

        using var page = await anonymous.Http.GetAsync("/verifikasi/ABCD-EFGH-JKMN");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Kode tidak ditemukan", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Sertifikat sah", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Nomor sertifikat", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoked_certificate_shows_its_revocation_date_and_reason_to_everyone()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        var registration = await data.RegisterAsync("Citra Lestari", present: 5, postTest: 88m);
        using var staff = await BearerClientAsync(Roles.Staff);
        (await staff.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null)).Dispose();
        var code = await CodeOfAsync(registration);

        using var revoke = await staff.PostAsJsonAsync($"/api/v1/certificates/{code}/revoke", new { reason = "Nilai post-test dikoreksi panitia" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        using var anonymous = Factory.CreateFormClient();
        using var api = await anonymous.Http.GetAsync($"/api/v1/certificates/{code}");
        var body = await JsonAsync(api);
        Assert.False(body.GetProperty("valid").GetBoolean());
        Assert.Equal(JsonValueKind.String, body.GetProperty("revokedAt").ValueKind);
        Assert.Equal("Nilai post-test dikoreksi panitia", body.GetProperty("revocationReason").GetString());

        var html = await anonymous.GetStringAsync($"/verifikasi/{code}");
        Assert.Contains("Sertifikat dicabut", html, StringComparison.Ordinal);
        Assert.Contains("Nilai post-test dikoreksi panitia", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Sertifikat sah", html, StringComparison.Ordinal);

        using var again = await staff.PostAsJsonAsync($"/api/v1/certificates/{code}/revoke", new { reason = "Lagi" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("sudah dicabut", (await JsonAsync(again)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_without_a_reason_is_a_422_naming_the_reason_field()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        var registration = await data.RegisterAsync("Dewi Anggraini", present: 5, postTest: 80m);
        using var staff = await BearerClientAsync(Roles.Staff);
        (await staff.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null)).Dispose();
        var code = await CodeOfAsync(registration);

        using var response = await staff.PostAsJsonAsync($"/api/v1/certificates/{code}/revoke", new { reason = "  " });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        Assert.Equal("Alasan pencabutan wajib diisi.", errors.GetProperty("reason")[0].GetString());
        await using var db = Database.CreateDbContext();
        Assert.Null(await db.Certificates.Where(c => c.VerificationCode == code).Select(c => c.RevokedAt).SingleAsync());
    }

    [Fact]
    public async Task Unknown_batch_is_404_for_issuing_and_listing()
    {
        using var staff = await BearerClientAsync(Roles.Staff);
        using var issue = await staff.PostAsync("/api/v1/batches/424242/certificates", null);
        using var list = await staff.GetAsync("/api/v1/batches/424242/certificates");
        Assert.Equal(HttpStatusCode.NotFound, issue.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Contains("Angkatan tidak ditemukan", (await JsonAsync(issue)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Director_and_institution_admin_get_403_and_anonymous_401_on_the_staff_endpoints()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        var registration = await data.RegisterAsync("Eko Prasetyo", present: 5, postTest: 80m);
        using (var staff = await BearerClientAsync(Roles.Staff))
        {
            (await staff.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null)).Dispose();
        }
        var code = await CodeOfAsync(registration);

        async Task<HttpStatusCode[]> StatusesAsync(HttpClient http)
        {
            using var issue = await http.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null);
            using var list = await http.GetAsync($"/api/v1/batches/{data.BatchId}/certificates");
            using var revoke = await http.PostAsJsonAsync($"/api/v1/certificates/{code}/revoke", new { reason = "Coba cabut" });
            return [issue.StatusCode, list.StatusCode, revoke.StatusCode];
        }

        using var director = await BearerClientAsync(Roles.Director);
        using var institutionAdmin = await BearerClientAsync(Roles.InstitutionAdmin);
        using var anonymous = Factory.CreateClient();
        Assert.All(await StatusesAsync(director), s => Assert.Equal(HttpStatusCode.Forbidden, s));
        Assert.All(await StatusesAsync(institutionAdmin), s => Assert.Equal(HttpStatusCode.Forbidden, s));
        Assert.All(await StatusesAsync(anonymous), s => Assert.Equal(HttpStatusCode.Unauthorized, s));

        await using var db = Database.CreateDbContext();
        var certificate = await db.Certificates.SingleAsync(c => c.VerificationCode == code);
        Assert.Null(certificate.RevokedAt);
        Assert.Equal(1, await db.Certificates.CountAsync(c => c.BatchId == data.BatchId));
    }

    [Fact]
    public async Task More_look_ups_per_minute_from_one_address_than_configured_get_429()
    {
        await using var strict = new K3AppFactory(Database, new Dictionary<string, string?> { ["Verification:PerIpPerMinute"] = "3" });
        using var http = strict.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var statuses = new List<HttpStatusCode>();
        foreach (var url in new[] { "/api/v1/certificates/ABCDEFGHJKMN", "/verifikasi/ABCDEFGHJKMN", "/api/v1/certificates/BCDEFGHJKMNP", "/verifikasi/CDEFGHJKMNPQ" })
        {
            using var r = await http.GetAsync(url);
            statuses.Add(r.StatusCode);
        }
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);

        using var page = await http.GetAsync("/verifikasi/DEFGHJKMNPQR");
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Contains("Terlalu banyak permintaan", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var api = await http.GetAsync("/api/v1/certificates/DEFGHJKMNPQR");
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Tunggu satu menit", (await JsonAsync(api)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.NotNull(api.Headers.RetryAfter);

        // The empty form names no code, so it is still served.
        using var form = await http.GetAsync("/verifikasi");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }

    [Fact]
    public async Task OpenAPI_document_describes_the_certificate_endpoints()
    {
        using var http = Factory.CreateClient();
        using var response = await http.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await JsonAsync(response)).GetProperty("paths");
        Assert.True(paths.GetProperty("/api/v1/batches/{id}/certificates").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/v1/batches/{id}/certificates").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/v1/certificates/{code}/revoke").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/v1/certificates/{code}").TryGetProperty("get", out _));
    }
}
