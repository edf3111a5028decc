using System.Net.Http.Json;
using System.Text.RegularExpressions;
using K3Competency.Domain;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.Access;

public sealed partial class LogSafetyTests(AppFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task Logs_hold_no_password_token_or_NIK()
    {
        // Do the things that tempt a log line to leak: failed and successful logins, a token, a NIK in a URL.
        var user = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var client = Factory.CreateFormClient();
        (await TestUsers.LoginAsync(client, user.Email, "Salah-Rahasia-Uji-999")).Dispose();
        (await TestUsers.LoginAsync(client, user.Email, user.Password)).Dispose();
        var token = await TestUsers.TokenAsync(Factory.CreateClient(), user);
        (await client.Http.GetAsync("/cari/3578080102030001?nik=3578080102030001")).Dispose();
        // The same NIK as people write it: grouped by dashes, spaces or dots.
        (await client.Http.GetAsync("/cari/3578-0801-0203-0001")).Dispose();
        (await client.Http.GetAsync("/cari/3578%200801%200203%200001")).Dispose();
        (await client.Http.GetAsync("/cari/3578.0801.0203.0001/profil")).Dispose();

        var lines = CapturedLogs.Instance.Lines.ToList();
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, l => l.Contains(TestUsers.PasswordMarker, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => Nik().IsMatch(l));
    }

    [GeneratedRegex(@"(?<!\d)\d(?:[\s.\-]?\d){15}(?!\d)")]
    private static partial Regex Nik();
}
