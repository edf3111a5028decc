using System.Diagnostics;
using System.Text;
using K3Competency.Testing;
using Npgsql;

namespace K3Competency.Bench;

/// <summary>The bench's own access to PostgreSQL: the throwaway database, the COPY baseline and the checks.</summary>
internal sealed class BenchDatabase(string connectionString)
{
    /// <summary>The bench drops its database at every run, so it refuses any name not clearly its own.</summary>
    public const string NamePrefix = "k3_bench";

    public string ConnectionString { get; } = connectionString;

    public string Name { get; } = new NpgsqlConnectionStringBuilder(connectionString).Database
                                  ?? throw new ArgumentException("The connection string names no database.", nameof(connectionString));

    public async Task RecreateAsync(CancellationToken ct)
    {
        await using var connection = await DropKeepingConnectionAsync(ct);
        await ExecuteAsync(connection, $"CREATE DATABASE \"{Name}\"", ct);
    }

    /// <summary>Drops the database (also at the end of a bench whose data takes gigabytes of a shared machine's disk).</summary>
    public async Task DropAsync(CancellationToken ct) => await (await DropKeepingConnectionAsync(ct)).DisposeAsync();

    /// <summary>Drops the database and answers the open connection to the server's postgres database.</summary>
    private async Task<NpgsqlConnection> DropKeepingConnectionAsync(CancellationToken ct)
    {
        if (!Name.StartsWith(NamePrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The bench drops and recreates its database; refusing \"{Name}\" (the name must start with {NamePrefix}).");
        }
        var server = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", ApplicationName = "k3-bench" };
        var connection = new NpgsqlConnection(server.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", ct);
                    return connection;
                }
                // FORCE may not end an autovacuum worker (it runs as a superuser), busy on the last run's big tables.
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse && attempt < 60)
                {
                    await Task.Delay(1000, ct);
                }
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecuteAsync(connection, sql, ct);
    }

    public async Task<string> ServerVersionAsync(CancellationToken ct) => (string)(await ScalarAsync("SHOW server_version", ct))!;

    /// <summary>
    /// The baseline: PostgreSQL's own CSV COPY of the same file into an unindexed table of text columns,
    /// the file streamed through the client as the app receives it. Nothing is checked or merged.
    /// </summary>
    public async Task<(long Rows, TimeSpan Elapsed)> CopyBaselineAsync(string table, string header, string path, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var columns = string.Join(", ", header.Split(',').Select(c => $"{c} text"));
        await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {table}; CREATE TABLE {table} ({columns})", ct);

        var clock = Stopwatch.StartNew();
        await using (var writer = await connection.BeginTextImportAsync($"COPY {table} FROM STDIN (FORMAT csv, HEADER true)", ct))
        {
            using var reader = new StreamReader(path, new UTF8Encoding(false), false, 1 << 16);
            var buffer = new char[1 << 16];
            int n;
            while ((n = await reader.ReadAsync(buffer, ct)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, n), ct);
            }
        }
        clock.Stop();
        var rows = (long)(await ScalarAsync($"SELECT count(*) FROM {table}", ct))!;
        await ExecuteAsync(connection, $"DROP TABLE {table}", ct);
        return (rows, clock.Elapsed);
    }

    /// <summary>What the app's busiest database session is running now, or null when none is active.</summary>
    public async Task<string?> AppActiveQueryAsync(CancellationToken ct) =>
        (string?)await ScalarAsync(
            $"SELECT left(query, 80) FROM pg_stat_activity WHERE application_name = '{AppProcess.ApplicationName}' AND datname = current_database() AND state = 'active' ORDER BY query_start LIMIT 1", ct);

    /// <summary>
    /// Waits until no session of the (killed) app is left. A backend in the middle of a statement only
    /// notices its client is gone when that statement ends; it then rolls back.
    /// </summary>
    public async Task<TimeSpan> WaitForAppSessionsGoneAsync(TimeSpan limit, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while ((long)(await ScalarAsync($"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{AppProcess.ApplicationName}'", ct))! > 0)
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"The killed app's database sessions were still there after {limit.TotalSeconds:N0} s.");
            }
            await Task.Delay(200, ct);
        }
        return clock.Elapsed;
    }

    /// <summary>How much of one registration file is in the database: the batch's registrations, and the file's people.</summary>
    public async Task<(long Registrations, long Participants, long CommittedUploads)> FileFootprintAsync(int batchId, string path, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var columns = string.Join(", ", BenchFiles.RegistrationHeader.Split(',').Select(c => $"{c} text"));
        await ExecuteAsync(connection, $"CREATE TEMP TABLE bench_file ({columns})", ct);
        await using (var writer = await connection.BeginTextImportAsync("COPY bench_file FROM STDIN (FORMAT csv, HEADER true)", ct))
        using (var reader = new StreamReader(path))
        {
            var buffer = new char[1 << 16];
            int n;
            while ((n = await reader.ReadAsync(buffer, ct)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, n), ct);
            }
        }
        var registrations = await CountAsync(connection, $"SELECT count(*) FROM registrations WHERE batch_id = {batchId}", ct);
        var participants = await CountAsync(connection, "SELECT count(*) FROM participants p JOIN bench_file f ON p.nik = f.nik", ct);
        var uploads = await CountAsync(connection, $"SELECT count(*) FROM uploads WHERE batch_id = {batchId} AND committed", ct);
        return (registrations, participants, uploads);
    }

    public async Task<long> CountAsync(string sql, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await CountAsync(connection, sql, ct);
    }

    /// <summary>The server processes of the sessions on this database other than the bench's own (the app's pooled connections).</summary>
    public async Task<IReadOnlyList<int>> BackendPidsAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name <> 'k3-bench'", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var pids = new List<int>();
        while (await reader.ReadAsync(ct))
        {
            pids.Add(reader.GetInt32(0));
        }
        return pids;
    }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = "k3-bench" };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    private async Task<object?> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }
}
