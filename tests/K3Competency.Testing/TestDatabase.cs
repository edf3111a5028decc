using K3Competency.Application.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Respawn;

namespace K3Competency.Testing;

/// <summary>
/// One database per test project, created fresh for the run, migrated once (real migrations, never
/// EnsureCreated), and emptied by Respawn before each test.
/// </summary>
public sealed class TestDatabase
{
    private const int DdlTimeoutSeconds = 300;

    private Respawner? _respawner;

    public TestDatabase(string suffix)
    {
        var baseName = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString).Database ?? "k3_test";
        Name = $"{baseName}_{suffix}".ToLowerInvariant();
        ConnectionString = PostgresServer.ForDatabase(Name);
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public async Task CreateAsync()
    {
        await CreateEmptyAsync();
        await using var db = CreateDbContext();
        await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
    }

    /// <summary>The database dropped if it was there and created again, without migrating it.</summary>
    public async Task CreateEmptyAsync()
    {
        await DropAsync();
        await AdminAsync($"CREATE DATABASE \"{Name}\"");
    }

    /// <summary>
    /// Drops the database, ending its connections. An autovacuum worker that started on a freshly filled database
    /// cannot be ended by our role (42501, "must be a member of the role whose process is being terminated"); it
    /// finishes within seconds, so the drop is tried again for a while instead of failing the run.
    /// </summary>
    public async Task DropAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await AdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 60)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    private static async Task AdminAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(PostgresServer.ForDatabase("postgres"));
        await admin.OpenAsync();
        // Dropping and creating a database each wait for a checkpoint, which can outlast the default 30 s
        // command timeout on a machine busy with other builds; it is slow, not stuck.
        await using var command = new NpgsqlCommand(sql, admin) { CommandTimeout = DdlTimeoutSeconds };
        await command.ExecuteNonQueryAsync();
    }

    public K3DbContext CreateDbContext() =>
        new(K3DbContextOptions.For(ConnectionString));

    /// <summary>
    /// Empties our tables. The job engine's tables live in schema quartz, outside the reset, so a scheduler
    /// running beside the test keeps its state (its jobs, locks and node check-ins) instead of losing it mid-run.
    /// </summary>
    public async Task ResetAsync()
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        _respawner ??= await Respawner.CreateAsync(conn, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            // Keys the app keeps for good (cookies, credential signing) stay, as they would in production.
            TablesToIgnore = [K3DbContextOptions.MigrationsHistoryTable, "data_protection_keys", "issuer_secrets"],
            WithReseed = true,
        });
        await _respawner.ResetAsync(conn);
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    /// <summary>
    /// Every row of the tables an import writes (participants, registrations, attendances), each as JSON of all its
    /// columns, in id order: two snapshots are equal exactly when no row was added, removed or changed.
    /// </summary>
    public async Task<List<string>> ImportedRowsAsync()
    {
        var rows = new List<string>();
        await using var connection = await OpenAsync();
        foreach (var table in new[] { "participants", "registrations", "attendances" })
        {
            await using var command = new NpgsqlCommand($"SELECT '{table} ' || to_jsonb(t)::text FROM {table} t ORDER BY id", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }
        return rows;
    }
}
