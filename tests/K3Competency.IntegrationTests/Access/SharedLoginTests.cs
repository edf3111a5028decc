using System.Net;
using K3Competency.Domain;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.Access;

public sealed class SharedLoginTests(AppFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task Two_app_instances_on_two_ports_over_one_database_accept_each_others_login_cookie()
    {
        var user = await TestUsers.CreateAsync(Factory, Roles.Admin);
        // Two hosts, each with its own services, key ring cache and Kestrel port; the keys live in PostgreSQL.
        await using var first = new K3AppFactory(Database);
        await using var second = new K3AppFactory(Database);
        var firstAddress = first.StartKestrel();
        var secondAddress = second.StartKestrel();
        Assert.NotEqual(firstAddress.Port, secondAddress.Port);

        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var http = new HttpClient(handler);
        var loginPage = await http.GetAsync(new Uri(firstAddress, "/Account/Login"));
        var antiforgeryCookie = string.Join("; ", loginPage.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = FormClient.AntiforgeryToken(await loginPage.Content.ReadAsStringAsync())!;
        using var login = new HttpRequestMessage(HttpMethod.Post, new Uri(firstAddress, "/Account/Login"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = user.Email, ["Input.Password"] = user.Password, ["__RequestVerificationToken"] = token,
            }),
        };
        login.Headers.Add("Cookie", antiforgeryCookie);
        using var loggedIn = await http.SendAsync(login);
        Assert.Equal(HttpStatusCode.Redirect, loggedIn.StatusCode);
        var authCookie = loggedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("k3.auth=", StringComparison.Ordinal)).Split(';')[0];

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(secondAddress, "/Admin/Users"));
        request.Headers.Add("Cookie", authCookie);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(user.Email, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
