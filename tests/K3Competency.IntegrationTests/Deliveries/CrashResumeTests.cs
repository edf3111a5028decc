using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using K3Competency.IntegrationTests.Certificates;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.Deliveries;

/// <summary>
/// The app as a real, separate process (the build ./k3 test made, started as in production), SIGKILLed in
/// the middle of sending a batch and started again over the same database (DESIGN §11: "after a crash the
/// work resumes where it stopped").
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class CrashResumeTests : IAsyncLifetime
{
    private const int Mails = 500;
    private readonly TestDatabase _database = new("kill");
    private readonly string _token = "k" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "k3-kill-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_temp);
        await _database.CreateAsync();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_temp, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_app_killed_in_the_middle_of_500_mails_resumes_after_a_restart_and_repeats_at_most_the_mail_in_flight()
    {
        var data = await new CertificateTestData(_database).WithBatchAsync(sessions: 1);
        for (var i = 0; i < Mails; i++)
        {
            await data.RegisterAsync($"Peserta {_token} {i:000}", present: 1, postTest: 90, email: Address(i));
        }

        int sentAtKill;
        await using (var app = await StartAppAsync(1))
        {
            using var admin = await AdminAsync(app);
            (await admin.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null)).EnsureSuccessStatusCode();
            Assert.Equal(Mails, (await DeliveryTest.SendAsync(admin, data.BatchId)).Recipients);

            var deadline = DateTime.UtcNow.AddMinutes(3);
            while ((sentAtKill = (await ReceivedAsync()).Count) < 100)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {sentAtKill} mails arrived within 3 minutes");
                await Task.Delay(50);
            }
            app.Kill();
        }
        Assert.InRange(sentAtKill, 100, Mails - 50);

        await using (var restarted = await StartAppAsync(2))
        {
            using var admin = await AdminAsync(restarted);
            var report = await DeliveryTest.WaitUntilDoneAsync(admin, data.BatchId, seconds: 300);
            Assert.Equal((Mails, Mails, 0), (report.Total, report.Sent, report.Failed));
        }

        var perRecipient = (await ReceivedAsync()).SelectMany(m => m.To).CountBy(a => a).ToDictionary();
        Assert.All(Enumerable.Range(0, Mails), i => Assert.True(perRecipient.ContainsKey(Address(i)), $"{Address(i)} got no mail"));
        Assert.Equal(Mails, perRecipient.Count);
        var twice = perRecipient.Where(p => p.Value > 1).ToList();
        Assert.True(twice.Count <= 1 && twice.All(p => p.Value == 2),
            "more than the one mail in flight at the kill was sent twice: " + string.Join(", ", twice.Select(p => $"{p.Key} ×{p.Value}")));
    }

    private string Address(int i) => $"penerima-{_token}-{i:000}@uji.k3.local";

    private async Task<IReadOnlyList<Smtp4dev.Summary>> ReceivedAsync() => await Smtp4dev.Shared.MessagesAsync(_token);

    private async Task<AppProcess> StartAppAsync(int start)
    {
        // Its log goes where ./k3 test scans every log of the run for a NIK, password or token (and stays for reading).
        var logs = Environment.GetEnvironmentVariable("K3_TEST_LOG_DIR") is { Length: > 0 } dir ? dir : Path.Combine(Path.GetTempPath(), "k3-test-logs");
        var configuration = typeof(CrashResumeTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        return await AppProcess.StartAsync(Repository.WebDll(configuration), Repository.WebProject, _temp, _database.ConnectionString,
            Path.Combine(logs, $"kill-test-{_token}-app-{start}.log"),
            new Dictionary<string, string>
            {
                ["Smtp__Host"] = "127.0.0.1",
                ["Smtp__Port"] = Smtp4dev.Shared.SmtpPort.ToString(CultureInfo.InvariantCulture),
                ["Delivery__PerMinute"] = "0",
                // A killed sender's mail is taken over this soon after the restart.
                ["Delivery__ClaimSeconds"] = "10",
            },
            CancellationToken.None);
    }

    private static async Task<HttpClient> AdminAsync(AppProcess app)
    {
        var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = AppProcess.AdminEmail, password = AppProcess.AdminPassword });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<TokenBody>())!.AccessToken;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private sealed record TokenBody(string AccessToken);
}
