using K3Competency.Application.Data;
using K3Competency.Application.Demo;
using K3Competency.Application.Identity;

namespace K3Competency.Web.Infrastructure;

/// <summary>
/// Runs before Kestrel accepts requests: migrations (unless Database:MigrateOnStart is false), then the
/// demo data when K3_DEMO=true and the database is empty (DESIGN §8), then roles and accounts
/// (K3_ADMIN_EMAIL, and the demo users, whose institution admin needs the demo institutions).
/// </summary>
public sealed class StartupTasks(IServiceProvider services, IConfiguration configuration, ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        if (configuration.GetValue("Database:MigrateOnStart", true))
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        }
        if (string.Equals(configuration["K3_DEMO"], "true", StringComparison.OrdinalIgnoreCase))
        {
            // The loader logs what it loaded (counts only, never a NIK).
            var loaded = await scope.ServiceProvider.GetRequiredService<DemoDataLoader>().LoadIfEmptyAsync(cancellationToken);
            if (!loaded)
            {
                logger.LogInformation("K3_DEMO is set but the database already holds a programme; demo data not loaded");
            }
        }
        await scope.ServiceProvider.GetRequiredService<IdentitySeeder>().SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
