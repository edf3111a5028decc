using K3Competency.Application.Data;
using K3Competency.Application.Identity;

namespace K3Competency.Web.Infrastructure;

/// <summary>
/// Runs before Kestrel accepts requests: migrations (unless Database:MigrateOnStart is false), then the
/// roles and accounts (K3_ADMIN_EMAIL, demo users).
/// </summary>
public sealed class StartupTasks(IServiceProvider services, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        if (configuration.GetValue("Database:MigrateOnStart", true))
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        }
        await scope.ServiceProvider.GetRequiredService<IdentitySeeder>().SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
