using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace K3Competency.Testing;

/// <summary>The real app over a test database: in memory for HTTP tests, or on Kestrel for the browser.</summary>
public sealed class K3AppFactory(TestDatabase database, IDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = database;

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
            };
            foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            {
                values[k] = v;
            }
            c.AddInMemoryCollection(values);
        });
    }

    /// <summary>Starts the app on Kestrel on a free port and returns its base address.</summary>
    public Uri StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }

    public FormClient CreateFormClient() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
}
