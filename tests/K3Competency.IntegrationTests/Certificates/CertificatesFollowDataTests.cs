using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Certificates;

/// <summary>
/// Issue 12: a change that would make a live certificate untrue is refused, naming the certificate, on the correction
/// form, the scores API and the results import; confirmed with a reason, the certificate is revoked (and reissued with a
/// new number where the registration still completes), and public verification says so.
/// </summary>
public sealed class CertificatesFollowDataTests(AppFixture fixture) : IntegrationTest(fixture)
{
    // A valid NIK (Jawa Timur, born 1 February 1990), so that a results file can name the person.
    private const string BudiNik = "3578080102900001";

    private static string Html(string html) => WebUtility.HtmlDecode(html);

    private sealed record Issued(CertificateTestData Data, long Registration, string Number, string Code);

    /// <summary>Budi attended every session with post-test 88 (high-performing) and holds certificate …/000001.</summary>
    private async Task<Issued> CertificatedAsync(decimal postTest = 88m)
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(programmeCode: "PKAK3-2023");
        var registration = await data.RegisterAsync("Budi Santoso", present: 5, postTest: postTest, nik: BudiNik);
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        using var issued = await staff.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        await using var db = Database.CreateDbContext();
        var certificate = await db.Certificates.SingleAsync(c => c.RegistrationId == registration);
        Assert.Equal("PKAK3-2023/06/000001", certificate.Number);
        return new Issued(data, registration, certificate.Number, certificate.VerificationCode);
    }

    private async Task<decimal?> PostTestAsync(long registration)
    {
        await using var db = Database.CreateDbContext();
        return await db.Registrations.Where(r => r.Id == registration).Select(r => r.PostTestScore).SingleAsync();
    }

    private async Task<JsonElement> VerifyAsync(string code)
    {
        using var anonymous = Factory.CreateClient();
        return await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/certificates/{code}");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PutScoresAsync(HttpClient http, long registration, object body)
    {
        using var response = await http.PutAsJsonAsync($"/api/v1/registrations/{registration}/scores", body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task Lowering_the_post_test_of_a_certificated_registration_over_the_api_is_refused_naming_the_certificate()
    {
        var issued = await CertificatedAsync();
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);

        var (status, body) = await PutScoresAsync(staff, issued.Registration, new { postTest = 40, reason = "Koreksi nilai angkatan selesai" });

        Assert.Equal(HttpStatusCode.Conflict, status);
        var detail = body.GetProperty("detail").GetString()!;
        Assert.Contains("Sertifikat PKAK3-2023/06/000001 tidak lagi benar", detail, StringComparison.Ordinal);
        Assert.Contains("peserta tidak lagi lulus", detail, StringComparison.Ordinal);
        Assert.Contains("cabut sertifikat itu dengan alasan", detail, StringComparison.Ordinal);
        Assert.Equal(88m, await PostTestAsync(issued.Registration));
        Assert.True((await VerifyAsync(issued.Code)).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Lowering_the_post_test_with_revocation_confirmed_commits_and_public_verification_shows_it_revoked()
    {
        var issued = await CertificatedAsync();
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);

        var missingReason = await PutScoresAsync(staff, issued.Registration, new { postTest = 40, revokeCertificate = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missingReason.Status);
        Assert.Contains("Alasan pencabutan wajib diisi.", missingReason.Body.GetRawText(), StringComparison.Ordinal);

        var (status, body) = await PutScoresAsync(staff, issued.Registration,
            new { postTest = 40, revokeCertificate = true, reason = "Salah ketik nilai post-test" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["PKAK3-2023/06/000001"], body.GetProperty("revoked").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(body.GetProperty("reissued").EnumerateArray());
        Assert.False(body.GetProperty("completed").GetBoolean());
        Assert.Equal(40m, await PostTestAsync(issued.Registration));

        var verification = await VerifyAsync(issued.Code);
        Assert.False(verification.GetProperty("valid").GetBoolean());
        Assert.Equal("Salah ketik nilai post-test", verification.GetProperty("revocationReason").GetString());
        using var anonymous = Factory.CreateClient();
        var page = Html(await anonymous.GetStringAsync($"/verifikasi/{issued.Code}"));
        Assert.Contains("Sertifikat dicabut", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_that_ends_high_performance_reissues_a_corrected_certificate_with_the_next_number()
    {
        var issued = await CertificatedAsync();
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);

        var refused = await PutScoresAsync(staff, issued.Registration, new { postTest = 80, reason = "Koreksi nilai angkatan selesai" });
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("peserta tidak lagi berkinerja tinggi", refused.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (status, body) = await PutScoresAsync(staff, issued.Registration,
            new { postTest = 80, revokeCertificate = true, reason = "Nilai post-test dikoreksi menjadi 80" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["PKAK3-2023/06/000002"], body.GetProperty("reissued").EnumerateArray().Select(e => e.GetString()));
        await using var db = Database.CreateDbContext();
        var certificates = await db.Certificates.Where(c => c.RegistrationId == issued.Registration).OrderBy(c => c.Sequence).ToListAsync();
        Assert.Equal(2, certificates.Count);
        Assert.NotNull(certificates[0].RevokedAt);
        Assert.Null(certificates[1].RevokedAt);
        Assert.False(certificates[1].HighPerforming);
        Assert.True((await VerifyAsync(certificates[1].VerificationCode)).GetProperty("valid").GetBoolean());
        Assert.False((await VerifyAsync(issued.Code)).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task A_score_change_that_keeps_the_certificate_true_saves_without_asking()
    {
        var issued = await CertificatedAsync();
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);

        var (status, body) = await PutScoresAsync(staff, issued.Registration, new { preTest = 60, postTest = 92, reason = "Koreksi nilai angkatan selesai" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body.GetProperty("revoked").EnumerateArray());
        Assert.Equal(92m, await PostTestAsync(issued.Registration));
        Assert.True((await VerifyAsync(issued.Code)).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Lowering_the_post_test_on_the_correction_form_is_refused_then_revoked_when_confirmed()
    {
        var issued = await CertificatedAsync();
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var url = $"/Registrations/Edit/{issued.Registration}";
        var form = Html(await staff.GetStringAsync(url));
        Assert.Contains("PKAK3-2023/06/000001", form, StringComparison.Ordinal);
        Assert.Contains("Sah", form, StringComparison.Ordinal);
        var version = System.Text.RegularExpressions.Regex.Match(form, "name=\"Scores.Version\" value=\"(\\d+)\"").Groups[1].Value;
        var fields = new Dictionary<string, string> { ["Scores.PreTest"] = "", ["Scores.PostTest"] = "40", ["Scores.Version"] = version, ["Scores.Reason"] = "Koreksi nilai" };

        using (var refused = await staff.PostFormAsync(url, fields, $"{url}?handler=Scores"))
        {
            var page = Html(await refused.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Sertifikat PKAK3-2023/06/000001 tidak lagi benar bila perubahan ini disimpan", page, StringComparison.Ordinal);
        }
        Assert.Equal(88m, await PostTestAsync(issued.Registration));

        fields["Scores.RevokeCertificate"] = "true";
        fields["Scores.Reason"] = "Nilai post-test salah input";
        using var saved = await staff.PostFormAsync(url, fields, $"{url}?handler=Scores");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = Html(await staff.GetStringAsync(saved.Headers.Location!.ToString()));
        Assert.Contains("Sertifikat PKAK3-2023/06/000001 dicabut.", after, StringComparison.Ordinal);
        Assert.Contains("Dicabut", after, StringComparison.Ordinal);
        Assert.Contains("Nilai post-test salah input", after, StringComparison.Ordinal);
        Assert.Equal(40m, await PostTestAsync(issued.Registration));
        Assert.False((await VerifyAsync(issued.Code)).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task A_results_import_that_lowers_a_certificated_post_test_reports_the_row_naming_the_certificate_and_writes_nothing()
    {
        var issued = await CertificatedAsync();
        var other = await issued.Data.RegisterAsync("Siti Aminah", present: 5, postTest: null, nik: "3578084102900002");
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        var csv = "nik,nilai_pre_test,nilai_post_test\r\n3578084102900002,50,75\r\n" + BudiNik + ",60,40\r\n";

        using var response = await staff.PostAsync($"/api/v1/batches/{issued.Data.BatchId}/results/import?reason=Koreksi%20nilai",
            new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(report.GetProperty("committed").GetBoolean());
        var error = Assert.Single(report.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("row").GetInt32());
        Assert.Equal("nilai_post_test", error.GetProperty("column").GetString());
        Assert.Contains("Sertifikat PKAK3-2023/06/000001 tidak lagi benar", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(88m, await PostTestAsync(issued.Registration));
        Assert.Null(await PostTestAsync(other));
        Assert.True((await VerifyAsync(issued.Code)).GetProperty("valid").GetBoolean());
    }
}
