using System.Globalization;

namespace K3Competency.Bench;

/// <summary>The command line: which bench, and its options.</summary>
internal sealed class BenchCommand
{
    public const string DefaultDatabase = "Host=127.0.0.1;Port=55432;Database=k3_bench;Username=k3;Password=k3";

    public const string Usage = """
        Usage: ./k3 bench BENCH [options]

        Benches:
          import      bulk import (DESIGN §6) of the real app over HTTP: 100k registrations and 100k attendance
                      rows against PostgreSQL's own COPY of the same files; peak memory of a 100k and a 1M
                      registration import; SIGKILL mid-import leaves nothing behind. Writes bench/results/import-*.md.
          checkin     the venue check-in (DESIGN §10.3): 2.000 registered, 100 concurrent clients POST
                      /api/v1/check-in for 30 s against GET /health/live as the baseline; p50, p99, errors,
                      and every check-in found in PostgreSQL. Writes bench/results/checkin-*.md.

        Options of import:
          --small N       rows of the throughput and first memory file (default 100000)
          --large N       rows of the second memory file (default 1000000)
          --kill N        rows of the kill-safety file (default 200000)
          --keep-files    keep the generated CSV files under bench/results/data
          --root DIR      the checkout (default: found above the current directory)

        Options of checkin:
          --people N      registered people (default 2000)
          --clients N     concurrent clients (default 100)
          --seconds N     length of the check-in run (default 30)
          --baseline N    length of the baseline run (default 10)

        Environment: K3_BENCH_DATABASE, the connection string of the bench's database, which is dropped and
        recreated (its name must start with k3_bench). ./k3 bench sets it to k3_bench on its own PostgreSQL.
        """;

    public string? Bench { get; private set; }
    public bool Help { get; private set; }
    public string? Root { get; private set; }
    public int Small { get; private set; } = 100_000;
    public int Large { get; private set; } = 1_000_000;
    public int Kill { get; private set; } = 200_000;
    public bool KeepFiles { get; private set; }
    public int People { get; private set; } = 2000;
    public int Clients { get; private set; } = 100;
    public int Seconds { get; private set; } = 30;
    public int BaselineSeconds { get; private set; } = 10;

    public static BenchCommand Parse(string[] args)
    {
        var command = new BenchCommand();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "-h" or "--help" or "help":
                    command.Help = true;
                    break;
                case "--root":
                    command.Root = Next();
                    break;
                case "--small":
                    command.Small = Rows(Next());
                    break;
                case "--large":
                    command.Large = Rows(Next());
                    break;
                case "--kill":
                    command.Kill = Rows(Next());
                    break;
                case "--people":
                    command.People = Rows(Next());
                    break;
                case "--clients":
                    command.Clients = Rows(Next());
                    break;
                case "--seconds":
                    command.Seconds = Rows(Next());
                    break;
                case "--baseline":
                    command.BaselineSeconds = Rows(Next());
                    break;
                case "--keep-files":
                    command.KeepFiles = true;
                    break;
                case var name when name.StartsWith('-'):
                    throw new ArgumentException($"Unknown option {name}.");
                default:
                    command.Bench ??= args[i];
                    break;
            }
        }
        return command;
    }

    public ImportBenchOptions ImportOptions() => new(
        FindRoot(Root),
        Environment.GetEnvironmentVariable("K3_BENCH_DATABASE") is { Length: > 0 } db ? db : DefaultDatabase,
        Small,
        Large,
        Kill,
        KeepFiles);

    public CheckInBenchOptions CheckInOptions() => new(
        FindRoot(Root),
        Environment.GetEnvironmentVariable("K3_BENCH_DATABASE") is { Length: > 0 } db ? db : DefaultDatabase,
        People, Clients, Seconds, BaselineSeconds);

    private static int Rows(string text) =>
        int.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private static string FindRoot(string? given)
    {
        for (var dir = new DirectoryInfo(given ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "K3Competency.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("K3Competency.sln not found above the current directory; pass --root.");
    }
}

internal sealed record ImportBenchOptions(string Root, string Database, int Small, int Large, int Kill, bool KeepFiles);
