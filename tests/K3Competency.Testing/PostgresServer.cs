using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace K3Competency.Testing;

/// <summary>
/// The PostgreSQL server of a test run: the one named by K3_TEST_DATABASE (what ./k3 test sets), or else a
/// throwaway cluster started here from the system's binaries and removed when the run ends.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<string> Server = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A connection string to the server with rights to create databases.</summary>
    public static string ConnectionString => Server.Value;

    /// <summary>The log file of the throwaway cluster, once one was started here; none for a server named by K3_TEST_DATABASE.</summary>
    public static string? ThrowawayLogFile { get; private set; }

    /// <summary>The connection string of database <paramref name="name"/> on the same server.</summary>
    public static string ForDatabase(string name) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, Pooling = true }.ConnectionString;

    /// <summary>
    /// The log settings of deploy/postgresql-log.conf (copied beside the tests), as the ./k3 cluster has them: no
    /// DETAIL with a NIK, no statements or parameters in the log.
    /// </summary>
    private static string LogSettings() => string.Join(' ', File.ReadLines(Path.Combine(AppContext.BaseDirectory, "postgresql-log.conf"))
        .Select(line => line.Split('#')[0].Split('=', 2, StringSplitOptions.TrimEntries))
        .Where(pair => pair.Length == 2)
        .Select(pair => $"-c {pair[0]}={pair[1]}"));

    private static string Resolve()
    {
        var configured = Environment.GetEnvironmentVariable("K3_TEST_DATABASE");
        return string.IsNullOrWhiteSpace(configured) ? StartThrowaway() : configured;
    }

    private static string StartThrowaway()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => d).LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("No PostgreSQL found: set K3_TEST_DATABASE or run the tests through ./k3 test, which installs it.");
        }
        var root = Environment.UserName == "root";
        var dir = Path.Combine(Path.GetTempPath(), "k3-test-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var port = FreePort();
        if (root)
        {
            Run("chown", $"-R postgres: {dir}");
        }
        RunAs(root, Path.Combine(bin, "initdb"), $"-D {dir}/data -U postgres --auth=trust -E UTF8 --no-locale");
        ThrowawayLogFile = Path.Combine(dir, "log");
        RunAs(root, Path.Combine(bin, "pg_ctl"),
            $"-D {dir}/data -w -l {ThrowawayLogFile} -o \"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off {LogSettings()}\" start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunAs(root, Path.Combine(bin, "pg_ctl"), $"-D {dir}/data -m immediate stop");
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception)
            {
                // Best effort: the temp folder is throwaway.
            }
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static void RunAs(bool root, string file, string args)
    {
        if (root)
        {
            Run("runuser", $"-u postgres -- {file} {args}");
        }
        else
        {
            Run(file, args);
        }
    }

    private static void Run(string file, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {args} failed ({p.ExitCode}): {err.Result}");
        }
    }
}
