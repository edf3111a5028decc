using K3Competency.Application.Data;

namespace K3Competency.Web.Infrastructure;

/// <summary>
/// Runs before Kestrel accepts requests: migrations (unless Database:MigrateOnStart is false), then the
/// seeding steps that later features add.
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
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
