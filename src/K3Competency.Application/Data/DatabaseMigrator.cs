using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace K3Competency.Application.Data;

/// <summary>
/// Applies migrations at start. Instances that start together serialise on a PostgreSQL advisory lock, so
/// the second one finds the schema current and does nothing.
/// </summary>
public sealed class DatabaseMigrator(K3DbContext db, ILogger<DatabaseMigrator> logger)
{
    private const long LockKey = AdvisoryLocks.Migrations;

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using (var cmd = new NpgsqlCommand("SELECT pg_advisory_lock(@k)", connection))
            {
                cmd.Parameters.AddWithValue("k", LockKey);
                await cmd.ExecuteNonQueryAsync(ct);
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
                await db.Database.MigrateAsync(ct);
            }
            await using (var cmd = new NpgsqlCommand("SELECT pg_advisory_unlock(@k)", connection))
            {
                cmd.Parameters.AddWithValue("k", LockKey);
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
