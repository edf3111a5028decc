using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jose;
using K3Competency.Application.Certificates;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace K3Competency.IntegrationTests.Certificates;

/// <summary>
/// Certificates as verifiable credentials (DESIGN §11-12): signed VC-JWTs, the served key set, and the public check,
/// seen the way an employer's software would see them — through jose-jwt, not the library that signs.
/// </summary>
public sealed class CredentialTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private const string Holder = "André Sébastien Ñúñez";

    private async Task<(string Code, string Nik)> IssuedCertificateAsync(string name = Holder)
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(sessions: 2);
        var registration = await data.RegisterAsync(name, present: 2, postTest: 90m);
        using (var scope = Factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CertificateService>().IssueForBatchAsync(data.BatchId, CertificateTestData.Staff, default);
        }
        await using var db = Database.CreateDbContext();
        var row = await db.Certificates.Where(c => c.RegistrationId == registration)
            .Select(c => new { c.VerificationCode, c.Registration!.Participant!.Nik }).SingleAsync();
        return (row.VerificationCode, row.Nik);
    }

    private async Task<string> CredentialAsync(string code)
    {
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        using var response = await staff.GetAsync($"/api/v1/certificates/{code}/credential");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vc+jwt", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<JsonElement> VerifyAsync(string credential)
    {
        using var anonymous = Factory.CreateClient();
        using var content = new StringContent(credential, Encoding.ASCII, "application/vc+jwt");
        using var response = await anonymous.PostAsync("/api/v1/credentials/verify", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task The_credential_verifies_with_jose_jwt_against_the_key_set_served_over_http()
    {
        var (code, nik) = await IssuedCertificateAsync();
        var credential = await CredentialAsync(code);

        using var anonymous = Factory.CreateClient();
        var jwks = await anonymous.GetStringAsync("/.well-known/jwks.json");
        var keys = JwkSet.FromJson(jwks, JWT.DefaultSettings.JsonMapper);
        var header = JWT.Headers(credential);
        Assert.Equal("ES256", header["alg"]);
        var key = Assert.Single(keys.Keys, k => k.KeyId == (string)header["kid"]);

        var payload = JsonDocument.Parse(JWT.Decode(credential, key, JwsAlgorithm.ES256)).RootElement;

        var vc = payload.GetProperty("vc");
        Assert.Contains("OpenBadgeCredential", vc.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(payload.GetProperty("iss").GetString(), vc.GetProperty("issuer").GetProperty("id").GetString());
        Assert.EndsWith("/verifikasi/" + code, payload.GetProperty("jti").GetString(), StringComparison.Ordinal);
        var subject = vc.GetProperty("credentialSubject");
        Assert.Equal(payload.GetProperty("sub").GetString(), subject.GetProperty("id").GetString());
        Assert.StartsWith("urn:k3competency:peserta:", subject.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(Holder, subject.GetProperty("identifier")[0].GetProperty("identityHash").GetString());
        Assert.Equal("Ahli K3 bidang K3 Listrik", subject.GetProperty("role").GetString());
        // No NIK anywhere, only its salted hash.
        Assert.DoesNotContain(nik, JWT.Payload(credential), StringComparison.Ordinal);

        // Tampering is caught by the other library too.
        Assert.ThrowsAny<Exception>(() => JWT.Decode(ChangeOneCharacter(credential), key, JwsAlgorithm.ES256));
    }

    [Fact]
    public async Task The_same_person_gets_the_same_subject_identifier_and_it_is_not_a_plain_hash_of_the_NIK()
    {
        var (code, nik) = await IssuedCertificateAsync();

        var first = JsonDocument.Parse(JWT.Payload(await CredentialAsync(code))).RootElement.GetProperty("sub").GetString()!;
        var second = JsonDocument.Parse(JWT.Payload(await CredentialAsync(code))).RootElement.GetProperty("sub").GetString()!;

        Assert.Equal(first, second);
        var unsalted = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(nik)));
        Assert.DoesNotContain(unsalted, first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_credential_reports_valid_with_the_number_and_the_masked_holder()
    {
        var (code, _) = await IssuedCertificateAsync();

        var answer = await VerifyAsync(await CredentialAsync(code));

        Assert.True(answer.GetProperty("valid").GetBoolean());
        Assert.False(answer.GetProperty("revoked").GetBoolean());
        Assert.Equal("André S***** Ñ*****", answer.GetProperty("holder").GetString());
        Assert.Matches("^PKAK3-[A-Z0-9]+/06/000001$", answer.GetProperty("number").GetString());
    }

    [Fact]
    public async Task A_revoked_certificates_credential_reports_revoked()
    {
        var (code, _) = await IssuedCertificateAsync();
        var credential = await CredentialAsync(code);
        using (var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff))
        {
            using var revoke = await staff.PostAsJsonAsync($"/api/v1/certificates/{code}/revoke", new { reason = "Nilai post-test salah input" });
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var answer = await VerifyAsync(credential);

        Assert.False(answer.GetProperty("valid").GetBoolean());
        Assert.True(answer.GetProperty("revoked").GetBoolean());
        Assert.Equal("REVOKED", answer.GetProperty("status").GetString());
        Assert.Contains("dicabut", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_credential_with_one_changed_character_reports_forged()
    {
        var (code, _) = await IssuedCertificateAsync();
        var credential = await CredentialAsync(code);

        var answer = await VerifyAsync(ChangeOneCharacter(credential));

        Assert.False(answer.GetProperty("valid").GetBoolean());
        Assert.False(answer.GetProperty("revoked").GetBoolean());
        Assert.Equal("FORGED", answer.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("holder").ValueKind);
        Assert.Contains("palsu", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_that_is_no_credential_reports_forged_and_an_empty_body_is_a_clear_400()
    {
        Assert.Equal("FORGED", (await VerifyAsync("bukan.sebuah.kredensial")).GetProperty("status").GetString());

        using var anonymous = Factory.CreateClient();
        using var empty = await anonymous.PostAsync("/api/v1/credentials/verify", new StringContent("", Encoding.ASCII, "text/plain"));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Kirim kredensial", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_staff_and_admin_download_a_credential()
    {
        var (code, _) = await IssuedCertificateAsync();

        foreach (var role in new[] { Roles.Director, Roles.InstitutionAdmin })
        {
            using var client = await TestUsers.BearerClientAsync(Factory, role);
            using var response = await client.GetAsync($"/api/v1/certificates/{code}/credential");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        using var anonymous = Factory.CreateClient();
        using var refused = await anonymous.GetAsync($"/api/v1/certificates/{code}/credential");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var admin = await TestUsers.BearerClientAsync(Factory, Roles.Admin);
        using var unknown = await admin.GetAsync("/api/v1/certificates/ABCDEFGHJKMN/credential");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_verification_page_checks_a_pasted_or_uploaded_credential_in_Indonesian()
    {
        var (code, _) = await IssuedCertificateAsync();
        var credential = await CredentialAsync(code);
        using var visitor = Factory.CreateFormClient();

        using var pasted = await visitor.PostFormAsync("/verifikasi", new Dictionary<string, string> { ["kredensial"] = credential },
            "/verifikasi?handler=Credential");
        var page = await pasted.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, pasted.StatusCode);
        Assert.Contains("Kredensial sah", page, StringComparison.Ordinal);
        Assert.Contains("André S***** Ñ*****", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);

        var token = FormClient.AntiforgeryToken(await visitor.GetStringAsync("/verifikasi"))!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.ASCII.GetBytes(ChangeOneCharacter(credential))), "berkas", "kredensial.jwt" },
        };
        using var uploaded = await visitor.Http.PostAsync("/verifikasi?handler=Credential", form);
        var forged = await uploaded.Content.ReadAsStringAsync();
        Assert.Contains("Kredensial palsu", forged, StringComparison.Ordinal);
        Assert.DoesNotContain("Kredensial sah", forged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posting_credentials_counts_against_the_per_address_verification_limit()
    {
        await using var strict = new K3AppFactory(Database, new Dictionary<string, string?> { ["Verification:PerIpPerMinute"] = "2" });
        using var http = strict.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.PostAsync("/api/v1/credentials/verify", new StringContent("eyJ.bukan.asli", Encoding.ASCII, "text/plain"));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task The_signing_key_is_kept_encrypted_and_the_issuer_page_names_it()
    {
        using var anonymous = Factory.CreateClient();
        var jwks = JsonDocument.Parse(await anonymous.GetStringAsync("/.well-known/jwks.json")).RootElement;
        var kid = jwks.GetProperty("keys")[0].GetProperty("kid").GetString()!;
        Assert.False(jwks.GetProperty("keys")[0].TryGetProperty("d", out _), "the key set publishes no private part");

        await using var db = Database.CreateDbContext();
        var stored = await db.IssuerSecrets.AsNoTracking().ToListAsync();
        Assert.Equal(["credential-signing-key-es256", "credential-subject-salt"], stored.Select(s => s.Name).Order());
        // Data Protection payloads start with the magic header 09 F0 C9 F0, "CfDJ8" in base64url.
        Assert.All(stored, s => Assert.StartsWith("CfDJ8", s.ProtectedValue, StringComparison.Ordinal));

        var issuer = await anonymous.GetStringAsync("/penerbit");
        Assert.Contains(kid, issuer, StringComparison.Ordinal);
        Assert.Contains("Kementerian Ketenagakerjaan Republik Indonesia", issuer, StringComparison.Ordinal);
        using var json = new HttpRequestMessage(HttpMethod.Get, "/penerbit");
        json.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var profile = await anonymous.SendAsync(json);
        Assert.Contains("Profile", (await profile.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_instances_starting_at_once_on_a_new_database_sign_with_one_key()
    {
        var database = new TestDatabase("vc_two");
        await database.CreateAsync();
        await using var first = new K3AppFactory(database);
        await using var second = new K3AppFactory(database);
        using var a = first.CreateClient();
        using var b = second.CreateClient();

        var sets = await Task.WhenAll(a.GetStringAsync("/.well-known/jwks.json"), b.GetStringAsync("/.well-known/jwks.json"));

        Assert.Equal(sets[0], sets[1]);
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.IssuerSecrets.CountAsync(s => s.Name == "credential-signing-key-es256"));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_zip_the_credential_the_check_the_key_set_and_the_signatory()
    {
        using var anonymous = Factory.CreateClient();
        var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var zip = paths.GetProperty("/api/v1/batches/{id}/certificates/zip").GetProperty("get");
        Assert.True(zip.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/zip", out _));
        Assert.Contains("institution", zip.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));

        var credential = paths.GetProperty("/api/v1/certificates/{code}/credential").GetProperty("get");
        Assert.True(credential.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/vc+jwt", out _));

        var verify = paths.GetProperty("/api/v1/credentials/verify").GetProperty("post");
        Assert.True(verify.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/vc+jwt", out _));
        var answer = schemas.GetProperty("CredentialVerification").GetProperty("properties");
        Assert.All(new[] { "valid", "revoked", "number", "holder" }, field => Assert.True(answer.TryGetProperty(field, out _), field));

        Assert.True(paths.GetProperty("/.well-known/jwks.json").TryGetProperty("get", out _));
        var programme = schemas.GetProperty("ProgrammeRequest").GetProperty("properties");
        Assert.All(new[] { "signatoryName", "signatoryPosition", "signatoryNip" }, field => Assert.True(programme.TryGetProperty(field, out _), field));
    }

    /// <summary>One letter in the middle of the payload, as a careless or dishonest edit would.</summary>
    private static string ChangeOneCharacter(string jwt)
    {
        var at = jwt.IndexOf('.', StringComparison.Ordinal) + (jwt.Split('.')[1].Length / 2);
        var replacement = jwt[at] == 'A' ? 'B' : 'A';
        return string.Concat(jwt.AsSpan(0, at), replacement.ToString(), jwt.AsSpan(at + 1));
    }
}
