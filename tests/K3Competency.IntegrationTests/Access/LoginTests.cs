using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Access;

public sealed class LoginTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static async Task<string> Body(HttpResponseMessage r) => await r.Content.ReadAsStringAsync();

    [Fact]
    public async Task Sixth_attempt_after_five_wrong_passwords_is_locked_even_with_the_right_password()
    {
        var user = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var client = Factory.CreateFormClient();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await TestUsers.LoginAsync(client, user.Email, "salah-salah-salah-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("Email atau kata sandi tidak cocok", await Body(wrong), StringComparison.Ordinal);
        }
        using var right = await TestUsers.LoginAsync(client, user.Email, user.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode); // the form again, not a redirect into the app
        Assert.Contains("Email atau kata sandi tidak cocok", await Body(right), StringComparison.Ordinal);

        await using var db = Database.CreateDbContext();
        var stored = await db.Users.SingleAsync(u => u.Id == user.Id);
        Assert.True(stored.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(14));
        Assert.Contains(await db.AuditEntries.Where(a => a.EntityId == user.Id).Select(a => a.Action).ToListAsync(), a => a == "login.locked-out");
    }

    [Fact]
    public async Task Unknown_email_gets_the_same_message_as_a_wrong_password()
    {
        var user = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var client = Factory.CreateFormClient();
        using var unknown = await TestUsers.LoginAsync(client, "tidak-ada@uji.k3.local", "apa-saja-apa-saja");
        using var wrong = await TestUsers.LoginAsync(client, user.Email, "apa-saja-apa-saja");
        var a = ErrorText(await Body(unknown));
        var b = ErrorText(await Body(wrong));
        Assert.False(string.IsNullOrEmpty(a));
        Assert.Equal(a, b);

        using var http = Factory.CreateClient();
        using var apiUnknown = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = "tidak-ada@uji.k3.local", password = "apa-saja-apa-saja" });
        using var apiWrong = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "apa-saja-apa-saja" });
        Assert.Equal(HttpStatusCode.Unauthorized, apiUnknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, apiWrong.StatusCode);
        var x = await apiUnknown.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>();
        var y = await apiWrong.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>();
        Assert.Equal(x!["detail"].GetString(), y!["detail"].GetString());
        Assert.Equal(x["title"].GetString(), y["title"].GetString());
    }

    private static string ErrorText(string html)
    {
        var start = html.IndexOf("validation-summary-errors", StringComparison.Ordinal);
        return start < 0 ? "" : html.Substring(start, Math.Min(300, html.Length - start));
    }

    [Fact]
    public async Task Locked_account_cannot_get_a_token_from_the_API_either()
    {
        var user = await TestUsers.CreateAsync(Factory, Roles.Director);
        using var http = Factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "salah-salah-salah" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var right = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal("application/problem+json", right.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Bearer_token_from_the_API_authenticates_and_roles_still_apply()
    {
        var staff = await TestUsers.CreateAsync(Factory, Roles.Staff);
        var admin = await TestUsers.CreateAsync(Factory, Roles.Admin);
        using var http = Factory.CreateClient();

        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = admin.Email, password = admin.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var body = await login.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>();
        Assert.True(body!["expiresIn"].GetInt64() > 0);

        var newUser = new { email = $"baru-{Guid.NewGuid():N}@uji.k3.local", password = "Frasa-sandi-yang-panjang", fullName = "Pengguna Baru", role = "Director" };
        using (var anonymous = await http.PostAsJsonAsync("/api/v1/users", newUser))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        using (var asStaff = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users") { Content = JsonContent.Create(newUser) })
        {
            asStaff.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TestUsers.TokenAsync(http, staff));
            using var r = await http.SendAsync(asStaff);
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
        using (var asAdmin = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users") { Content = JsonContent.Create(newUser) })
        {
            asAdmin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", body["accessToken"].GetString());
            using var r = await http.SendAsync(asAdmin);
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        }
        await using var db = Database.CreateDbContext();
        Assert.True(await db.Users.AnyAsync(u => u.Email == newUser.email));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "user.create" && a.UserId == admin.Id));
    }

    [Fact]
    public async Task Creating_an_institution_admin_without_institution_is_a_422_with_the_field()
    {
        var admin = await TestUsers.CreateAsync(Factory, Roles.Admin);
        using var http = Factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TestUsers.TokenAsync(http, admin));
        using var r = await http.PostAsJsonAsync("/api/v1/users", new { email = "lembaga@uji.k3.local", password = "Frasa-sandi-yang-panjang", fullName = "Admin Lembaga", role = "InstitutionAdmin" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("institutionCode", await Body(r), StringComparison.Ordinal);
        using var shortPassword = await http.PostAsJsonAsync("/api/v1/users", new { email = "pendek@uji.k3.local", password = "pendek", fullName = "X", role = "Staff" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, shortPassword.StatusCode);
        Assert.Contains("minimal 12 karakter", await Body(shortPassword), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_an_account_with_an_email_already_in_use_is_a_409_saying_so()
    {
        var admin = await TestUsers.CreateAsync(Factory, Roles.Admin);
        var staff = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var http = Factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TestUsers.TokenAsync(http, admin));
        using var r = await http.PostAsJsonAsync("/api/v1/users", new { email = staff.Email, password = "Frasa-sandi-yang-panjang", fullName = "Orang Lain", role = "Director" });
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        var problem = await r.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("Email ini sudah dipakai oleh akun lain.", problem.GetProperty("errors").GetProperty("email")[0].GetString());
    }

    [Fact]
    public async Task Disabled_account_cannot_sign_in()
    {
        var admin = await TestUsers.CreateAsync(Factory, Roles.Admin);
        var director = await TestUsers.CreateAsync(Factory, Roles.Director);
        using var adminClient = await TestUsers.SignedInClientAsync(Factory, admin);
        using var disable = await adminClient.PostFormAsync("/Admin/Users", new Dictionary<string, string>(), $"/Admin/Users?handler=Disable&id={director.Id}&disable=true");
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);

        using var client = Factory.CreateFormClient();
        using var login = await TestUsers.LoginAsync(client, director.Email, director.Password);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("Email atau kata sandi tidak cocok", await Body(login), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Temporary_password_must_be_changed_before_anything_else()
    {
        var admin = await TestUsers.CreateAsync(Factory, Roles.Admin);
        var staff = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var adminClient = await TestUsers.SignedInClientAsync(Factory, admin);
        const string temporary = "Sementara-Rahasia-Uji-1";
        using var set = await adminClient.PostFormAsync($"/Admin/Users/Edit/{staff.Id}",
            new Dictionary<string, string> { ["TemporaryPassword"] = temporary }, $"/Admin/Users/Edit/{staff.Id}?handler=Password");
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);

        using var client = await TestUsers.SignedInClientAsync(Factory, staff with { Password = temporary });
        using var home = await client.Http.GetAsync("/Account/TwoFactor");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/Account/ChangePassword", home.Headers.Location?.ToString());

        const string chosen = "Frasa-baru-Rahasia-Uji-2";
        using var change = await client.PostFormAsync("/Account/ChangePassword", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = temporary,
            ["Input.NewPassword"] = chosen,
            ["Input.ConfirmPassword"] = chosen,
        });
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        using var after = await client.Http.GetAsync("/Account/TwoFactor");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Too_many_logins_from_one_address_get_429()
    {
        await using var strict = new K3AppFactory(Database, new Dictionary<string, string?> { ["Auth:LoginPerIpPerMinute"] = "3" });
        using var http = strict.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var r = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = "x@uji.k3.local", password = "apa-saja-apa-saja" });
            statuses.Add(r.StatusCode);
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Too_many_logins_for_one_account_are_refused_whatever_the_address()
    {
        var user = await TestUsers.CreateAsync(Factory, Roles.Staff);
        await using var strict = new K3AppFactory(Database, new Dictionary<string, string?> { ["Auth:LoginPerAccountPer15Minutes"] = "2" });
        using var http = strict.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var r = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password });
            statuses.Add(r.StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Auth_cookie_is_HttpOnly_Lax_and_Secure_outside_Development()
    {
        var user = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var client = Factory.CreateFormClient();
        using var login = await TestUsers.LoginAsync(client, user.Email, user.Password);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("k3.auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", cookie, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.Ordinal);
    }
}
