using System.Net;
using System.Net.Http.Json;
using K3Competency.Domain;
using K3Competency.IntegrationTests.Certificates;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.Access;

/// <summary>What the responses tell browsers and caches (issue 10, finding 11).</summary>
public sealed class HeadersTests(AppFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task Responses_with_personal_data_are_never_stored_by_a_cache()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        await data.RegisterAsync("Budi Santoso", present: 5, postTest: 90);
        using var api = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        using (var issue = await api.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null))
        {
            Assert.Equal(HttpStatusCode.OK, issue.StatusCode);
        }
        var list = await api.GetFromJsonAsync<List<Dictionary<string, object>>>($"/api/v1/batches/{data.BatchId}/certificates");
        var code = list![0]["code"].ToString();
        using var browser = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));

        var responses = new List<(string What, HttpResponseMessage Response)>
        {
            ("API", await api.GetAsync($"/api/v1/batches/{data.BatchId}/certificates")),
            ("API problem", await api.GetAsync("/api/v1/programs/424242")),
            ("page", await browser.Http.GetAsync($"/Batches/Details/{data.BatchId}")),
            ("PDF", await browser.Http.GetAsync($"/Certificates/Pdf/{code}")),
            ("export", await browser.Http.GetAsync($"/Dashboard/Export?programmeId={data.ProgrammeId}&format=csv")),
        };
        foreach (var (what, response) in responses)
        {
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{what}: {(int)response.StatusCode}");
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{what} has Cache-Control: {response.Headers.CacheControl}");
            response.Dispose();
        }
        using var css = await browser.Http.GetAsync("/css/site.css");
        Assert.NotEqual(true, css.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Over_HTTPS_HSTS_lasts_a_year_with_subdomains_and_the_antiforgery_cookie_is_Secure()
    {
        using var browser = Factory.CreateFormClient();
        using var login = await browser.Http.GetAsync("/Account/Login");
        var hsts = login.Headers.GetValues("Strict-Transport-Security").Single();
        Assert.Contains("max-age=31536000", hsts, StringComparison.Ordinal);
        Assert.Contains("includeSubDomains", hsts, StringComparison.Ordinal);
        var antiforgery = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery.ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_revoke_form_says_that_the_reason_is_shown_to_the_public()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        await data.RegisterAsync("Sari Dewi", present: 5, postTest: 90);
        using var api = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        (await api.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null)).Dispose();
        var list = await api.GetFromJsonAsync<List<Dictionary<string, object>>>($"/api/v1/batches/{data.BatchId}/certificates");
        using var browser = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var html = await browser.GetStringAsync($"/Certificates/View/{list![0]["code"]}");
        Assert.Contains("tampil untuk umum di halaman verifikasi", html, StringComparison.Ordinal);
    }
}
