using System.Net;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace K3Competency.IntegrationTests.Access;

public sealed class SharedLoginTests(AppFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task Two_app_instances_over_one_database_accept_each_others_login_cookie()
    {
        var user = await TestUsers.CreateAsync(Factory, Roles.Admin);
        using var first = Factory.CreateFormClient();
        using var login = await TestUsers.LoginAsync(first, user.Email, user.Password);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("k3.auth=", StringComparison.Ordinal)).Split(';')[0];

        // A second host with its own services and key ring cache, reading the keys from PostgreSQL.
        await using var second = new K3AppFactory(Database);
        using var http = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Admin/Users");
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(user.Email, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
