using System.Net;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace K3Competency.IntegrationTests.Certificates;

/// <summary>The staff certificate pages (/Certificates/...) over HTTP, as a signed-in browser would use them.</summary>
public sealed class CertificatePageTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private async Task<(CertificateTestData Data, FormClient Staff)> IssuedBatchAsync(params (string Name, decimal Score)[] people)
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(programmeCode: "PKAK3-2023");
        foreach (var (name, score) in people)
        {
            await data.RegisterAsync(name, present: 5, postTest: score);
        }
        var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        using var issue = await staff.PostFormAsync($"/Certificates/Batch/{data.BatchId}", new Dictionary<string, string>(),
            $"/Certificates/Batch/{data.BatchId}?handler=Issue");
        Assert.Equal(HttpStatusCode.Redirect, issue.StatusCode);
        return (data, staff);
    }

    private async Task<string> CodeOfAsync(string number)
    {
        await using var db = Database.CreateDbContext();
        return await db.Certificates.Where(c => c.Number == number).Select(c => c.VerificationCode).SingleAsync();
    }

    [Fact]
    public async Task Issue_button_reports_the_counts_and_the_list_shows_the_certificates()
    {
        var (data, staff) = await IssuedBatchAsync(("Agus Salim", 90m), ("Budi Santoso", 75m));
        using (staff)
        {
            var html = await staff.GetStringAsync($"/Certificates/Batch/{data.BatchId}");

            Assert.Contains("2 sertifikat diterbitkan; 0 peserta lulus sudah memiliki sertifikat sebelumnya.", html, StringComparison.Ordinal);
            Assert.Contains("PKAK3-2023/06/000001", html, StringComparison.Ordinal);
            Assert.Contains("PKAK3-2023/06/000002", html, StringComparison.Ordinal);
            Assert.Contains("Agus Salim", html, StringComparison.Ordinal);
            Assert.Contains("Berkinerja Tinggi", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Staff_downloads_the_certificate_PDF_holding_its_number_and_the_full_name()
    {
        var (_, staff) = await IssuedBatchAsync(("Siti Nurhaliza Rahmawati", 92m));
        using (staff)
        {
            var code = await CodeOfAsync("PKAK3-2023/06/000001");

            using var response = await staff.Http.GetAsync($"/Certificates/Pdf/{code}");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("sertifikat-PKAK3-2023-06-000001.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
            using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
            var text = string.Join(" ", pdf.GetPage(1).GetWords().Select(w => w.Text));
            Assert.Contains("PKAK3-2023/06/000001", text, StringComparison.Ordinal);
            Assert.Contains("Siti Nurhaliza Rahmawati", text, StringComparison.Ordinal);
            Assert.Contains("Berkinerja Tinggi", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Director_cannot_open_or_download_a_certificate()
    {
        var (_, staff) = await IssuedBatchAsync(("Agus Salim", 80m));
        staff.Dispose();
        var code = await CodeOfAsync("PKAK3-2023/06/000001");
        using var director = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Director));

        using var page = await director.Http.GetAsync($"/Certificates/View/{code}");
        using var pdf = await director.Http.GetAsync($"/Certificates/Pdf/{code}");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, pdf.StatusCode);
        Assert.DoesNotContain("Agus Salim", await pdf.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_page_shows_the_predicate_only_to_high_performers_and_the_absolute_verification_url()
    {
        var (_, staff) = await IssuedBatchAsync(("Agus Salim", 90m), ("Budi Santoso", 75m));
        using (staff)
        {
            var high = await CodeOfAsync("PKAK3-2023/06/000001");
            var plain = await CodeOfAsync("PKAK3-2023/06/000002");

            var highHtml = await staff.GetStringAsync($"/Certificates/View/{high}");
            var plainHtml = await staff.GetStringAsync($"/Certificates/View/{plain}");

            Assert.Contains("dengan predikat Berkinerja Tinggi", highHtml, StringComparison.Ordinal);
            Assert.DoesNotContain("Berkinerja Tinggi", plainHtml, StringComparison.Ordinal);
            Assert.Contains($"https://localhost/verifikasi/{high}", highHtml, StringComparison.Ordinal);
            Assert.Contains("Ahli K3 bidang K3 Listrik", highHtml, StringComparison.Ordinal);
            Assert.Contains("<img src=\"data:image/svg+xml;base64,", WebUtility.HtmlDecode(highHtml), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Revoking_on_the_page_without_a_reason_is_refused_with_a_message_and_changes_nothing()
    {
        var (_, staff) = await IssuedBatchAsync(("Agus Salim", 80m));
        using (staff)
        {
            var code = await CodeOfAsync("PKAK3-2023/06/000001");

            using var response = await staff.PostFormAsync($"/Certificates/View/{code}", new Dictionary<string, string> { ["Reason"] = " " },
                $"/Certificates/View/{code}?handler=Revoke");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Alasan pencabutan wajib diisi.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            await using var db = Database.CreateDbContext();
            Assert.Null(await db.Certificates.Where(c => c.VerificationCode == code).Select(c => c.RevokedAt).SingleAsync());
        }
    }

    [Fact]
    public async Task Unknown_certificate_or_batch_is_the_not_found_page()
    {
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));

        foreach (var url in new[] { "/Certificates/View/ABCDEFGHJKMN", "/Certificates/Pdf/ABCDEFGHJKMN", "/Certificates/Batch/424242" })
        {
            using var response = await staff.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("Halaman tidak ditemukan", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
