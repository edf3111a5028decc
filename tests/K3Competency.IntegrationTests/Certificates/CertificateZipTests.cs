using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using K3Competency.Application.Certificates;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace K3Competency.IntegrationTests.Certificates;

/// <summary>The ZIP of a batch's certificate PDFs (DESIGN §11), streamed from GET /api/v1/batches/{id}/certificates/zip.</summary>
public sealed class CertificateZipTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private sealed record Setup(CertificateTestData Data, int Alpha, int Beta, string AlphaCode);

    /// <summary>Batch with partners Alpha and Beta: two of Alpha's and one of Beta's participants completed, one of Alpha's revoked.</summary>
    private async Task<Setup> BatchWithTwoInstitutionsAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();
        var alpha = await TestUsers.CreateInstitutionAsync(Factory, "LPK-A" + suffix);
        var beta = await TestUsers.CreateInstitutionAsync(Factory, "LPK-B" + suffix);
        var data = await new CertificateTestData(Database).WithBatchAsync(sessions: 2);
        await data.WithPartnerAsync(alpha);
        await data.WithPartnerAsync(beta);
        await data.RegisterAsync("Ani Lestari", present: 2, postTest: 80m, institutionId: alpha);
        await data.RegisterAsync("André Sébastien Ñúñez", present: 2, postTest: 90m, institutionId: alpha);
        var revoked = await data.RegisterAsync("Bambang Revoked", present: 2, postTest: 75m, institutionId: alpha);
        await data.RegisterAsync("Citra Beta", present: 2, postTest: 88m, institutionId: beta);
        using (var scope = Factory.Services.CreateScope())
        {
            var certificates = scope.ServiceProvider.GetRequiredService<CertificateService>();
            await certificates.IssueForBatchAsync(data.BatchId, CertificateTestData.Staff, default);
            await using var db = Database.CreateDbContext();
            var code = await db.Certificates.Where(c => c.RegistrationId == revoked).Select(c => c.VerificationCode).SingleAsync();
            await certificates.RevokeAsync(code, "Salah cetak", CertificateTestData.Staff, default);
        }
        return new Setup(data, alpha, beta, "LPK-A" + suffix);
    }

    /// <summary>Entry name → the text of its one-page PDF.</summary>
    private static async Task<Dictionary<string, string>> ReadZipAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            await using var stream = await entry.OpenAsync();
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            using var pdf = PdfDocument.Open(copy.ToArray());
            entries[entry.FullName] = string.Join(' ', pdf.GetPage(1).GetWords().Select(w => w.Text));
        }
        return entries;
    }

    [Fact]
    public async Task Staff_download_one_pdf_per_valid_certificate_of_the_batch_never_cached()
    {
        var setup = await BatchWithTwoInstitutionsAsync();
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);

        using var response = await staff.GetAsync($"/api/v1/batches/{setup.Data.BatchId}/certificates/zip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal($"sertifikat-{setup.Data.ProgrammeCode}-angkatan-06.zip", response.Content.Headers.ContentDisposition?.FileNameStar);
        var entries = await ReadZipAsync(response);
        Assert.Equal(3, entries.Count);
        Assert.All(entries.Keys, name => Assert.Matches("^sertifikat-PKAK3-[A-Z0-9]+-06-00000[1-4]\\.pdf$", name));
        Assert.Contains(entries.Values, text => text.Contains("André Sébastien Ñúñez", StringComparison.Ordinal));
        Assert.DoesNotContain(entries.Values, text => text.Contains("Bambang Revoked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Staff_may_ask_for_one_institutions_certificates()
    {
        var setup = await BatchWithTwoInstitutionsAsync();
        using var admin = await TestUsers.BearerClientAsync(Factory, Roles.Admin);

        using var response = await admin.GetAsync($"/api/v1/batches/{setup.Data.BatchId}/certificates/zip?institution={setup.AlphaCode.ToLowerInvariant()}");

        var entries = await ReadZipAsync(response);
        Assert.Equal(2, entries.Count);
        Assert.DoesNotContain(entries.Values, text => text.Contains("Citra Beta", StringComparison.Ordinal));
        Assert.EndsWith($"-{setup.AlphaCode}.zip", response.Content.Headers.ContentDisposition?.FileNameStar, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_institution_admin_gets_only_its_own_registrations_and_never_another_institutions()
    {
        var setup = await BatchWithTwoInstitutionsAsync();
        using var beta = await TestUsers.BearerClientAsync(Factory, Roles.InstitutionAdmin, setup.Beta);

        using var own = await beta.GetAsync($"/api/v1/batches/{setup.Data.BatchId}/certificates/zip");
        var entries = await ReadZipAsync(own);
        Assert.Contains("Citra Beta", Assert.Single(entries).Value, StringComparison.Ordinal);

        using var other = await beta.GetAsync($"/api/v1/batches/{setup.Data.BatchId}/certificates/zip?institution={setup.AlphaCode}");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("lembaganya sendiri", (await other.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("detail").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_institution_that_is_no_partner_of_the_batch_is_refused()
    {
        var setup = await BatchWithTwoInstitutionsAsync();
        var outsider = await TestUsers.CreateInstitutionAsync(Factory, "LPK-X" + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant());
        using var client = await TestUsers.BearerClientAsync(Factory, Roles.InstitutionAdmin, outsider);

        using var response = await client.GetAsync($"/api/v1/batches/{setup.Data.BatchId}/certificates/zip");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_batch_without_valid_certificates_says_so_and_an_unknown_institution_is_a_422()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(sessions: 2);
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);

        using var empty = await staff.GetAsync($"/api/v1/batches/{data.BatchId}/certificates/zip");
        Assert.Equal(HttpStatusCode.NotFound, empty.StatusCode);
        Assert.Contains("Belum ada sertifikat", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var unknown = await staff.GetAsync($"/api/v1/batches/{data.BatchId}/certificates/zip?institution=TIDAK-ADA");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
    }

    [Fact]
    public async Task The_batch_certificate_page_links_the_zip_for_the_batch_and_for_each_partner()
    {
        var setup = await BatchWithTwoInstitutionsAsync();
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));

        var page = await staff.GetStringAsync($"/Certificates/Batch/{setup.Data.BatchId}");

        Assert.Contains($"href=\"/api/v1/batches/{setup.Data.BatchId}/certificates/zip\"", page, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{setup.AlphaCode}\"", page, StringComparison.Ordinal);
    }
}
