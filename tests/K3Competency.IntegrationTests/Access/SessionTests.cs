using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using K3Competency.Domain;
using K3Competency.IntegrationTests.Registrations;
using K3Competency.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Access;

/// <summary>
/// Sessions end when the account changes (issue 10, findings 2, 4, 8, 10, 11): cookies and bearer tokens are
/// checked against the stored account on every request, logout ends the session on the server, authenticator
/// codes work once, and the login takes as long for an unknown e-mail as for a wrong password.
/// </summary>
public sealed class SessionTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private HttpClient BearerClient(string token)
    {
        var http = Factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>A client that sends exactly this cookie, as a thief holding a copy of it would.</summary>
    private HttpClient CookieClient(string cookie)
    {
        var http = Factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = false,
            BaseAddress = new Uri("https://localhost"),
        });
        http.DefaultRequestHeaders.Add("Cookie", cookie);
        return http;
    }

    private static async Task<string> AuthCookieAsync(FormClient client, TestUser user)
    {
        using var login = await TestUsers.LoginAsync(client, user.Email, user.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("k3.auth=", StringComparison.Ordinal)).Split(';')[0];
    }

    /// <summary>The administrator saves the user's form with a new name, role and (for institution roles) institution.</summary>
    private static async Task EditAsync(FormClient admin, TestUser user, string fullName, string role, string? institutionCode = null)
    {
        var form = new Dictionary<string, string> { ["Input.Email"] = user.Email, ["Input.FullName"] = fullName, ["Input.Role"] = role };
        if (institutionCode is not null)
        {
            form["Input.InstitutionCode"] = institutionCode;
        }
        using var edit = await admin.PostFormAsync($"/Admin/Users/Edit/{user.Id}", form);
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
    }

    private async Task<FormClient> AdminAsync() => await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Admin));

    [Fact]
    public async Task Disabling_an_account_ends_its_bearer_tokens_and_cookies_at_once()
    {
        var director = await TestUsers.CreateAsync(Factory, Roles.Director);
        using var token = BearerClient(await TestUsers.TokenAsync(Factory.CreateClient(), director));
        using var browser = await TestUsers.SignedInClientAsync(Factory, director);
        using (var before = await token.GetAsync("/api/v1/programs"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var admin = await AdminAsync();
        using var disable = await admin.PostFormAsync("/Admin/Users", new Dictionary<string, string>(), $"/Admin/Users?handler=Disable&id={director.Id}&disable=true");
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);

        using var api = await token.GetAsync("/api/v1/programs");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        using var page = await browser.Http.GetAsync("/Dashboard");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/Login", page.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_password_ends_every_other_session_and_token_but_not_the_one_that_changed_it()
    {
        var staff = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var token = BearerClient(await TestUsers.TokenAsync(Factory.CreateClient(), staff));
        using var other = await TestUsers.SignedInClientAsync(Factory, staff);
        using var self = await TestUsers.SignedInClientAsync(Factory, staff);

        const string chosen = "Frasa-baru-Rahasia-Uji-tiga";
        using var change = await self.PostFormAsync("/Account/ChangePassword", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = staff.Password,
            ["Input.NewPassword"] = chosen,
            ["Input.ConfirmPassword"] = chosen,
        });
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);

        using var api = await token.GetAsync("/api/v1/programs");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        using var otherPage = await other.Http.GetAsync("/Dashboard");
        Assert.Equal(HttpStatusCode.Redirect, otherPage.StatusCode);
        using var selfPage = await self.Http.GetAsync("/Dashboard");
        Assert.Equal(HttpStatusCode.OK, selfPage.StatusCode);
    }

    [Fact]
    public async Task Cookie_captured_before_logout_no_longer_works_after_it()
    {
        var staff = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var browser = Factory.CreateFormClient();
        var cookie = await AuthCookieAsync(browser, staff);
        using var thief = CookieClient(cookie);
        using (var before = await thief.GetAsync("/Dashboard"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var logout = await browser.PostFormAsync("/Account/Logout", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        using var page = await thief.GetAsync("/Dashboard");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/Login", page.Headers.Location?.ToString(), StringComparison.Ordinal);
        using var api = await thief.GetAsync("/api/v1/programs");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Moving_an_institution_admin_to_another_institution_changes_what_its_old_token_may_see_at_once()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        var lembaga = await TestUsers.CreateAsync(Factory, Roles.InstitutionAdmin, world.InstitutionA);
        using var token = BearerClient(await TestUsers.TokenAsync(Factory.CreateClient(), lembaga));
        using (var before = await token.GetAsync($"/api/v1/batches/{world.OnlyA}"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var admin = await AdminAsync();
        await EditAsync(admin, lembaga, "Dipindah", Roles.InstitutionAdmin, world.CodeB);

        using var oldScope = await token.GetAsync($"/api/v1/batches/{world.OnlyA}");
        Assert.Equal(HttpStatusCode.Forbidden, oldScope.StatusCode);
        using var newScope = await token.GetAsync($"/api/v1/batches/{world.OnlyB}");
        Assert.Equal(HttpStatusCode.OK, newScope.StatusCode);
    }

    [Fact]
    public async Task Role_change_ends_tokens_issued_under_the_old_role()
    {
        var staff = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var token = BearerClient(await TestUsers.TokenAsync(Factory.CreateClient(), staff));
        using var admin = await AdminAsync();
        await EditAsync(admin, staff, "Kini Direktur", Roles.Director);

        using var create = await token.PostAsJsonAsync("/api/v1/institutions", new { code = "LPK-X", name = "X", type = "LEMBAGA_PELATIHAN", provinceCode = "35" });
        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
    }

    [Fact]
    public async Task A_role_that_starts_to_require_two_factors_stops_old_tokens_until_it_is_set_up()
    {
        var director = await TestUsers.CreateAsync(Factory, Roles.Director);
        using var token = BearerClient(await TestUsers.TokenAsync(Factory.CreateClient(), director));
        using var admin = await AdminAsync();
        using var require = await admin.PostFormAsync("/Admin/Security", new Dictionary<string, string> { ["RequiredRoles"] = Roles.Director });
        Assert.Equal(HttpStatusCode.Redirect, require.StatusCode);

        using var api = await token.GetAsync("/api/v1/programs");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("verifikasi dua langkah", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_the_two_factor_page_neither_rotates_the_security_stamp_nor_signs_the_user_out()
    {
        var staff = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var browser = await TestUsers.SignedInClientAsync(Factory, staff);
        using var token = BearerClient(await TestUsers.TokenAsync(Factory.CreateClient(), staff));
        string? stampBefore;
        await using (var db = Database.CreateDbContext())
        {
            stampBefore = await db.Users.Where(u => u.Id == staff.Id).Select(u => u.SecurityStamp).SingleAsync();
        }

        using var page = await browser.Http.GetAsync("/Account/TwoFactor");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("shared-key", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using (var db = Database.CreateDbContext())
        {
            Assert.Equal(stampBefore, await db.Users.Where(u => u.Id == staff.Id).Select(u => u.SecurityStamp).SingleAsync());
        }
        using var next = await browser.Http.GetAsync("/Dashboard");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        using var api = await token.GetAsync("/api/v1/programs");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task Turning_two_factors_off_needs_the_password_or_a_current_code()
    {
        var staff = await TestUsers.CreateAsync(Factory, Roles.Staff);
        var key = await TestUsers.EnableTwoFactorAsync(Factory, staff);
        using var browser = Factory.CreateFormClient();
        using (var login = await TestUsers.LoginAsync(browser, staff.Email, staff.Password))
        {
            Assert.Contains("LoginWith2fa", login.Headers.Location?.ToString(), StringComparison.Ordinal);
        }
        using (var second = await browser.PostFormAsync("/Account/LoginWith2fa", new Dictionary<string, string> { ["Code"] = TestUsers.TotpCode(key) }))
        {
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        }

        using var refused = await browser.PostFormAsync("/Account/TwoFactor", new Dictionary<string, string> { ["Confirmation"] = "bukan-kata-sandinya" }, "/Account/TwoFactor?handler=Disable");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("tidak cocok", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var db = Database.CreateDbContext())
        {
            Assert.True(await db.Users.Where(u => u.Id == staff.Id).Select(u => u.TwoFactorEnabled).SingleAsync());
        }

        using var done = await browser.PostFormAsync("/Account/TwoFactor", new Dictionary<string, string> { ["Confirmation"] = staff.Password }, "/Account/TwoFactor?handler=Disable");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        await using (var db = Database.CreateDbContext())
        {
            Assert.False(await db.Users.Where(u => u.Id == staff.Id).Select(u => u.TwoFactorEnabled).SingleAsync());
        }
    }

    [Fact]
    public async Task An_authenticator_code_signs_in_once_on_the_web_and_once_on_the_API()
    {
        var staff = await TestUsers.CreateAsync(Factory, Roles.Staff);
        var key = await TestUsers.EnableTwoFactorAsync(Factory, staff);
        var code = TestUsers.TotpCode(key);

        async Task<HttpStatusCode> WebAsync()
        {
            using var browser = Factory.CreateFormClient();
            using var login = await TestUsers.LoginAsync(browser, staff.Email, staff.Password);
            using var second = await browser.PostFormAsync("/Account/LoginWith2fa", new Dictionary<string, string> { ["Code"] = code });
            return second.StatusCode;
        }
        Assert.Equal(HttpStatusCode.Redirect, await WebAsync());
        Assert.Equal(HttpStatusCode.OK, await WebAsync()); // the form again, with its message

        using var http = Factory.CreateClient();
        using var replay = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = staff.Email, password = staff.Password, twoFactorCode = code });
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        using var next = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = staff.Email, password = staff.Password, twoFactorCode = TestUsers.TotpCode(key, steps: 1) });
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        using var nextAgain = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = staff.Email, password = staff.Password, twoFactorCode = TestUsers.TotpCode(key, steps: 1) });
        Assert.Equal(HttpStatusCode.Unauthorized, nextAgain.StatusCode);
    }

    [Fact]
    public async Task Unknown_email_takes_as_long_as_a_wrong_password()
    {
        var staff = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var http = Factory.CreateClient();

        async Task<double> MedianMsAsync(string email)
        {
            var times = new List<double>();
            for (var i = 0; i < 7; i++)
            {
                var watch = Stopwatch.StartNew();
                using var r = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "salah-salah-salah-" + i });
                times.Add(watch.Elapsed.TotalMilliseconds);
                Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            }
            return times.Order().ElementAt(times.Count / 2);
        }
        await MedianMsAsync("pemanasan@uji.k3.local");
        var wrongPassword = await MedianMsAsync(staff.Email);
        var unknown = await MedianMsAsync($"tidak-ada-{Guid.NewGuid():N}@uji.k3.local");
        // Password hashing (PBKDF2) dominates both; without it the unknown e-mail answers about ten times faster.
        Assert.True(unknown > wrongPassword * 0.5, $"unknown e-mail {unknown:0} ms, wrong password {wrongPassword:0} ms");
    }

    [Fact]
    public async Task A_password_typed_into_the_email_field_is_not_kept_in_the_audit_trail()
    {
        using var browser = Factory.CreateFormClient();
        const string typed = "Rahasia-Uji-salah-kolom";
        using (await TestUsers.LoginAsync(browser, typed, "apa-saja-apa-saja"))
        {
        }
        using (await TestUsers.LoginAsync(browser, "seseorang@contoh.go.id", "apa-saja-apa-saja"))
        {
        }
        await using var db = Database.CreateDbContext();
        var names = await db.AuditEntries.Where(a => a.Action == "login.failed").Select(a => a.UserName).ToListAsync();
        Assert.Equal(2, names.Count);
        Assert.DoesNotContain(names, n => n != null && n.Contains("Rahasia", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n != null && n.Contains("seseorang", StringComparison.Ordinal));
        Assert.Contains(names, n => n != null && n.Contains("@contoh.go.id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_common_breached_password_is_refused_with_an_Indonesian_message()
    {
        var admin = await TestUsers.CreateAsync(Factory, Roles.Admin);
        using var http = BearerClient(await TestUsers.TokenAsync(Factory.CreateClient(), admin));
        foreach (var common in new[] { "1qaz2wsx3edc", "qwerty123456", "Password2024!" })
        {
            using var r = await http.PostAsJsonAsync("/api/v1/users", new { email = $"umum-{Guid.NewGuid():N}@uji.k3.local", password = common, fullName = "Uji", role = "Staff" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
            Assert.Contains("paling sering dipakai", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var fine = await http.PostAsJsonAsync("/api/v1/users", new { email = $"baik-{Guid.NewGuid():N}@uji.k3.local", password = "kopi-tubruk-di-teras-hujan", fullName = "Uji", role = "Staff" });
        Assert.Equal(HttpStatusCode.Created, fine.StatusCode);
    }
}
