using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using K3Competency.Domain;
using K3Competency.IntegrationTests.Certificates;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Registrations;

/// <summary>Issue 12: correcting a person; a name a valid certificate does not carry means revoke and reissue, or nothing.</summary>
public sealed class ParticipantEditTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> PatchAsync(HttpClient http, long id, object body)
    {
        using var response = await http.PatchAsJsonAsync($"/api/v1/participants/{id}", body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<(long Participant, long Registration, string Code)> CertificatedAsync()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(programmeCode: "PKAK3-2023");
        var registration = await data.RegisterAsync("Budi Santoso", present: 5, postTest: 90m);
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        using (var issue = await staff.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null))
        {
            Assert.Equal(HttpStatusCode.OK, issue.StatusCode);
        }
        await using var db = Database.CreateDbContext();
        var row = await db.Certificates.Where(c => c.RegistrationId == registration)
            .Select(c => new { c.Registration!.ParticipantId, c.VerificationCode }).SingleAsync();
        return (row.ParticipantId, registration, row.VerificationCode);
    }

    private async Task<JsonElement> VerifyAsync(string code)
    {
        using var anonymous = Factory.CreateClient();
        return await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/certificates/{code}");
    }

    [Fact]
    public async Task A_name_change_reissues_the_certificate_with_a_new_number_and_the_old_one_shows_revoked_with_the_reason()
    {
        var (participant, registration, oldCode) = await CertificatedAsync();
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);

        var refused = await PatchAsync(staff, participant, new { fullName = "Budi Santosa" });
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        var detail = refused.Body.GetProperty("detail").GetString()!;
        Assert.Contains("Sertifikat PKAK3-2023/06/000001 tidak lagi benar", detail, StringComparison.Ordinal);
        Assert.Contains("nama peserta berubah", detail, StringComparison.Ordinal);
        await using (var db = Database.CreateDbContext())
        {
            Assert.Equal("Budi Santoso", await db.Participants.Where(p => p.Id == participant).Select(p => p.FullName).SingleAsync());
        }

        var (status, body) = await PatchAsync(staff, participant,
            new { fullName = "Budi Santosa", revokeCertificates = true, reason = "Salah ketik nama pada pendaftaran" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Budi Santosa", body.GetProperty("fullName").GetString());
        Assert.Equal(["PKAK3-2023/06/000001"], body.GetProperty("revoked").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["PKAK3-2023/06/000002"], body.GetProperty("reissued").EnumerateArray().Select(e => e.GetString()));

        var old = await VerifyAsync(oldCode);
        Assert.False(old.GetProperty("valid").GetBoolean());
        Assert.Equal("Salah ketik nama pada pendaftaran", old.GetProperty("revocationReason").GetString());
        await using var after = Database.CreateDbContext();
        var live = await after.Certificates.SingleAsync(c => c.RegistrationId == registration && c.RevokedAt == null);
        Assert.Equal("PKAK3-2023/06/000002", live.Number);
        Assert.Equal("Budi Santosa", live.HolderName);
        var current = await VerifyAsync(live.VerificationCode);
        Assert.True(current.GetProperty("valid").GetBoolean());


        // The profile shows both: the new one valid, the old one revoked with its reason.
        using var page = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var profile = WebUtility.HtmlDecode(await page.GetStringAsync($"/Participants/Details/{participant}"));
        Assert.Matches("PKAK3-2023/06/000001\\s*<span class=\"badge text-bg-danger\">Dicabut</span>\\s*<span class=\"small\">Salah ketik nama", profile);
        Assert.Matches("PKAK3-2023/06/000002\\s*<span class=\"badge text-bg-success\">Sah</span>", profile);
    }

    [Fact]
    public async Task Contact_details_change_without_touching_the_certificate_and_the_nik_only_by_admin_with_a_reason()
    {
        var (participant, _, code) = await CertificatedAsync();
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);

        var (status, body) = await PatchAsync(staff, participant, new { email = "budi@contoh.id", phone = "0812-3456-7890", employer = "PT Maju" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("+6281234567890", body.GetProperty("phone").GetString());
        Assert.True((await VerifyAsync(code)).GetProperty("valid").GetBoolean());

        var badPhone = await PatchAsync(staff, participant, new { phone = "12345" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badPhone.Status);

        var byStaff = await PatchAsync(staff, participant, new { nik = "3578080102900009", reason = "NIK salah ketik" });
        Assert.Equal(HttpStatusCode.Forbidden, byStaff.Status);

        using var admin = await TestUsers.BearerClientAsync(Factory, Roles.Admin);
        var noReason = await PatchAsync(admin, participant, new { nik = "3578080102900009" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.Status);
        Assert.Contains("Alasan perubahan NIK wajib diisi.", noReason.Body.GetRawText(), StringComparison.Ordinal);

        var byAdmin = await PatchAsync(admin, participant, new { nik = "3578080102900009", reason = "NIK salah ketik" });
        Assert.Equal(HttpStatusCode.OK, byAdmin.Status);
        await using var db = Database.CreateDbContext();
        Assert.Equal("3578080102900009", await db.Participants.Where(p => p.Id == participant).Select(p => p.Nik).SingleAsync());
        var audit = await db.AuditEntries.Where(a => a.Action == "participant.edit").OrderBy(a => a.Id).Select(a => a.After).ToListAsync();
        Assert.DoesNotContain(audit, a => a!.Contains("3578080102900009", StringComparison.Ordinal));
    }
}
