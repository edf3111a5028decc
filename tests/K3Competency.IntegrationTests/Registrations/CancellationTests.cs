using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using K3Competency.Domain;
using K3Competency.IntegrationTests.Certificates;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Registrations;

/// <summary>Issue 12: a cancelled registration leaves every figure of DESIGN §4, stays visible as cancelled, and can be restored.</summary>
public sealed class CancellationTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static readonly string[] BatchFigures =
        ["participants", "ahliK3", "upgraded", "completed", "highPerforming", "online", "offline", "cumulativeUpgraded", "cumulativeHighPerforming"];

    private static readonly string[] TotalFigures = ["participants", "ahliK3", "upgraded", "upgradedParticipations", "completed", "highPerforming"];

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, string url, object body)
    {
        using var response = await http.PostAsJsonAsync(url, body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<Dictionary<string, int>> FiguresAsync(HttpClient http, int programmeId)
    {
        var summary = await http.GetFromJsonAsync<JsonElement>($"/api/v1/programs/{programmeId}/summary");
        var batch = summary.GetProperty("batches").EnumerateArray().Single();
        var totals = summary.GetProperty("totals");
        return BatchFigures.ToDictionary(f => "batch." + f, f => batch.GetProperty(f).GetInt32())
            .Concat(TotalFigures.ToDictionary(f => "totals." + f, f => totals.GetProperty(f).GetInt32()))
            .ToDictionary();
    }

    [Fact]
    public async Task Cancelling_a_registration_removes_it_from_every_figure_of_the_summary_and_restoring_brings_it_back()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        var budi = await data.RegisterAsync("Budi Santoso", present: 5, postTest: 90m);
        await data.RegisterAsync("Siti Aminah", present: 5, postTest: 75m);
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        var before = await FiguresAsync(staff, data.ProgrammeId);
        Assert.All(before, f => Assert.True(f.Value >= 1 || f.Key.EndsWith("online", StringComparison.Ordinal), $"{f.Key} = {f.Value}"));

        var refused = await PostAsync(staff, $"/api/v1/registrations/{budi}/cancel", new { reason = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("Alasan pembatalan wajib diisi.", refused.Body.GetRawText(), StringComparison.Ordinal);

        var (status, body) = await PostAsync(staff, $"/api/v1/registrations/{budi}/cancel", new { reason = "Terdaftar ganda" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("cancelled").GetBoolean());

        var cancelled = await FiguresAsync(staff, data.ProgrammeId);
        foreach (var (figure, value) in before)
        {
            // Budi counted in every figure but the online one (he attended offline).
            var expected = figure.EndsWith("online", StringComparison.Ordinal) ? value : value - 1;
            Assert.True(expected == cancelled[figure], $"{figure}: {value} before, {cancelled[figure]} after cancelling, expected {expected}");
        }

        using var page = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var batchPage = WebUtility.HtmlDecode(await page.GetStringAsync($"/Batches/Details/{data.BatchId}"));
        Assert.Contains("Budi Santoso", batchPage, StringComparison.Ordinal);
        Assert.Contains("Dibatalkan", batchPage, StringComparison.Ordinal);
        Assert.Contains("Terdaftar ganda", batchPage, StringComparison.Ordinal);

        var again = await PostAsync(staff, $"/api/v1/registrations/{budi}/cancel", new { reason = "Lagi" });
        Assert.Equal(HttpStatusCode.Conflict, again.Status);

        var restored = await PostAsync(staff, $"/api/v1/registrations/{budi}/restore", new { reason = "Ternyata tidak ganda" });
        Assert.Equal(HttpStatusCode.OK, restored.Status);
        Assert.False(restored.Body.GetProperty("cancelled").GetBoolean());
        Assert.Equal(before, await FiguresAsync(staff, data.ProgrammeId));

        await using var db = Database.CreateDbContext();
        var audit = await db.AuditEntries.Where(a => a.EntityId == budi.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["registration.cancel", "registration.restore"], audit);
    }

    [Fact]
    public async Task Cancelling_a_registration_that_holds_a_valid_certificate_is_refused_until_revocation_is_confirmed()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(programmeCode: "PKAK3-2023");
        var budi = await data.RegisterAsync("Budi Santoso", present: 5, postTest: 90m);
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        using (var issue = await staff.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null))
        {
            Assert.Equal(HttpStatusCode.OK, issue.StatusCode);
        }
        await using var db = Database.CreateDbContext();
        var code = await db.Certificates.Where(c => c.RegistrationId == budi).Select(c => c.VerificationCode).SingleAsync();

        var (status, body) = await PostAsync(staff, $"/api/v1/registrations/{budi}/cancel", new { reason = "Terdaftar ganda" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("Sertifikat PKAK3-2023/06/000001 tidak lagi benar", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("keikutsertaannya dibatalkan", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(await db.Registrations.AnyAsync(r => r.Id == budi && r.CancelledAt != null));

        var confirmed = await PostAsync(staff, $"/api/v1/registrations/{budi}/cancel", new { reason = "Terdaftar ganda", revokeCertificate = true });
        Assert.Equal(HttpStatusCode.OK, confirmed.Status);
        Assert.Equal(["PKAK3-2023/06/000001"], confirmed.Body.GetProperty("revoked").EnumerateArray().Select(e => e.GetString()));
        using var anonymous = Factory.CreateClient();
        var verification = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/certificates/{code}");
        Assert.False(verification.GetProperty("valid").GetBoolean());
        Assert.Equal("Terdaftar ganda", verification.GetProperty("revocationReason").GetString());
    }
}
