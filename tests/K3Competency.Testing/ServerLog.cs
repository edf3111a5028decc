using System.Globalization;
using Npgsql;

namespace K3Competency.Testing;

/// <summary>
/// What the PostgreSQL server of the run wrote to its own log while a test ran. A test writes a unique marker
/// into the server log (RAISE LOG) before and after what it checks, and reads the lines between them; the
/// marker also proves that the file read is the log of the server the tests talk to.
/// </summary>
public sealed class ServerLog
{
    private readonly string _file;
    private readonly string _start;

    private ServerLog(string file, string start)
    {
        _file = file;
        _start = start;
    }

    /// <summary>Marks the current end of the server log; <see cref="ReadAsync"/> returns what follows.</summary>
    public static async Task<ServerLog> MarkAsync(string connectionString)
    {
        var marker = await WriteMarkerAsync(connectionString);
        var candidates = Candidates().ToList();
        // The server writes the line just after answering; allow it a moment to reach the file.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            foreach (var file in candidates)
            {
                if (await ContainsAsync(file, marker))
                {
                    return new ServerLog(file, marker);
                }
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException(
            "The PostgreSQL server's log was not found (looked in " + string.Join(", ", candidates) +
            "): run the tests through ./k3 test, against a throwaway cluster (no K3_TEST_DATABASE), or set K3_TEST_PG_LOG to the server's log file.");
    }

    /// <summary>Every line the server logged between the mark and now.</summary>
    public async Task<string> ReadAsync(string connectionString)
    {
        var end = await WriteMarkerAsync(connectionString);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var text = await ReadSharedAsync(_file);
            var from = text.IndexOf(_start, StringComparison.Ordinal);
            var to = text.IndexOf(end, StringComparison.Ordinal);
            if (from >= 0 && to > from)
            {
                return text[from..to];
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"The end marker never reached {_file}.");
    }

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable("K3_TEST_PG_LOG") is { Length: > 0 } configured)
        {
            yield return configured;
        }
        if (PostgresServer.ThrowawayLogFile is { } throwaway)
        {
            yield return throwaway;
        }
        // Where ./k3 db start (and so ./k3 test) keeps the cluster's log.
        yield return Path.Combine(Repository.Root, ".k3", "pg", "postgres.log");
    }

    private static async Task<string> WriteMarkerAsync(string connectionString)
    {
        // Letters only: a run of digits from a Guid could look like a NIK to the log scan of ./k3 test.
        var marker = "k3-test-mark-" + string.Concat(Guid.NewGuid().ToString("N").Select(c => char.IsAsciiDigit(c) ? (char)('g' + (c - '0')) : c));
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        // LOG ranks above the default log_min_messages (WARNING), so the line reaches the server log.
        await using var raise = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"DO $$ BEGIN RAISE LOG '{marker}'; END $$"), conn);
        await raise.ExecuteNonQueryAsync();
        return marker;
    }

    private static async Task<bool> ContainsAsync(string file, string marker)
    {
        try
        {
            return File.Exists(file) && (await ReadSharedAsync(file)).Contains(marker, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<string> ReadSharedAsync(string file)
    {
        // The server keeps the file open for writing.
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
