using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace K3Competency.Testing;

/// <summary>
/// The real app over a test database: in memory for HTTP tests, or on Kestrel for the browser. Every app over
/// one database is a node of one job-engine cluster, so they all send mail to the same smtp4dev
/// (<see cref="Smtp4dev.Shared"/>) with the same settings; a test that needs other delivery settings uses a
/// database of its own.
/// </summary>
public sealed class K3AppFactory(TestDatabase database, IDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = database;

    /// <summary>The app's time: the system's, unless a test pins it.</summary>
    public TestClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(c =>
        {
            var values = new Dictionary<string, string?>
            {
                ["ConnectionStrings:K3"] = Database.ConnectionString,
                // The database is migrated once per run by TestDatabase.
                ["Database:MigrateOnStart"] = "false",
                // Tests sign in many times from one address; the limits themselves are tested with low values.
                ["Auth:LoginPerIpPerMinute"] = "100000",
                ["Auth:LoginPerAccountPer15Minutes"] = "100000",
                ["Verification:PerIpPerMinute"] = "100000",
                // Mail goes to the run's own smtp4dev; retries and claims are short so tests of them end quickly.
                ["Smtp:Host"] = "127.0.0.1",
                ["Smtp:Port"] = Smtp4dev.Shared.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Smtp:From"] = "K3Competency Uji <noreply@uji.k3.local>",
                ["Delivery:PerMinute"] = "0",
                ["Delivery:MaxAttempts"] = "5",
                ["Delivery:RetryBaseSeconds"] = "1",
                ["Delivery:RetryMaxSeconds"] = "2",
                ["Delivery:ClaimSeconds"] = "10",
                ["CheckIn:PerIpPerMinute"] = "100000",
            };
            foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            {
                values[k] = v;
            }
            c.AddInMemoryCollection(values);
        });
        builder.ConfigureServices(s =>
        {
            s.AddSingleton<ILogEventSink>(CapturedLogs.Instance);
            s.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>Starts the app on Kestrel on a free port and returns its base address.</summary>
    public Uri StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
    }

    /// <summary>
    /// A client that keeps cookies and does not follow redirects. Over https, as in production, so the
    /// Secure auth cookie is sent back.
    /// </summary>
    public FormClient CreateFormClient() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") }));
}
