using System.Net;
using System.Net.Http.Headers;
using System.Text;
using K3Competency.Domain;
using K3Competency.IntegrationTests.Registrations;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Access;

/// <summary>
/// Another site cannot make a signed-in browser write (issue 10, finding 3): the login cookie alone does not
/// authorise an unsafe API request, and a request naming another origin is refused; bearer clients are unaffected.
/// </summary>
public sealed class CsrfTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private const string Evil = "https://penyerang.example";

    [Fact]
    public async Task Cookie_only_multipart_and_text_plain_API_posts_are_refused_and_write_nothing()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        using var browser = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));

        using var multipart = new MultipartFormDataContent { { new StringContent("nik,sesi,status\r\n"), "file", "a.csv" } };
        using var import = await browser.Http.PostAsync($"/api/v1/batches/{world.SharedBatch}/attendance/import", multipart);
        Assert.Equal(HttpStatusCode.Forbidden, import.StatusCode);
        Assert.Contains("antiforgery", await import.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var issue = await browser.Http.PostAsync($"/api/v1/batches/{world.SharedBatch}/certificates", new StringContent("x", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Forbidden, issue.StatusCode);

        await using var db = Database.CreateDbContext();
        Assert.Equal(0, await db.Uploads.CountAsync());
    }

    [Fact]
    public async Task Cookie_API_post_with_the_antiforgery_header_of_the_same_user_is_accepted()
    {
        using var browser = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var token = FormClient.AntiforgeryToken(await browser.GetStringAsync("/Account/ChangePassword"))!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/institutions")
        {
            Content = new StringContent("""{"code":"LPK-CSRF","name":"Lembaga Uji","type":"LEMBAGA_PELATIHAN","provinceCode":"35"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("RequestVerificationToken", token);
        using var response = await browser.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_form_posted_from_another_origin_is_refused_even_with_a_valid_token()
    {
        var staff = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var browser = Factory.CreateFormClient();
        var token = FormClient.AntiforgeryToken(await browser.GetStringAsync("/Account/Login"))!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = staff.Email,
                ["Input.Password"] = staff.Password,
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("Origin", Evil);
        using var response = await browser.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        using var api = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = new StringContent($$"""{"email":"{{staff.Email}}","password":"{{staff.Password}}"}""", Encoding.UTF8, "application/json"),
        };
        api.Headers.Referrer = new Uri(Evil + "/halaman");
        using var refused = await browser.Http.SendAsync(api);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Bearer_requests_need_no_antiforgery_token()
    {
        using var http = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        using var response = await http.PostAsync("/api/v1/institutions",
            new StringContent("""{"code":"LPK-BRR","name":"Lembaga Uji","type":"LEMBAGA_PELATIHAN","provinceCode":"35"}""", Encoding.UTF8, new MediaTypeHeaderValue("application/json")));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
