using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Data;

/// <summary>
/// How every K3DbContext is configured, written once: the app (DependencyInjection), the tests
/// (TestDatabase) and anything else that opens the database use this, so they agree on the provider, the
/// snake_case names and the migration history table.
/// </summary>
public static class K3DbContextOptions
{
    /// <summary>The migration history table, snake_case like every other table.</summary>
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql
                .MigrationsHistoryTable(MigrationsHistoryTable)
                // The first command on a connection PostgreSQL dropped (restart, failover) is retried once.
                .ExecutionStrategy(d => new BrokenConnectionRetry(d)))
            .UseSnakeCaseNamingConvention();

    public static DbContextOptions<K3DbContext> For(string connectionString) =>
        (DbContextOptions<K3DbContext>)Configure(new DbContextOptionsBuilder<K3DbContext>(), connectionString).Options;
}
