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
          summary     the summary and the dashboard once the figures are kept by the writes (issue 11): a programme
                      of 1,000,000 registrations and 2,000,000 attendance rows loaded through the import API; the
                      summary API against hand-written SQL over the raw tables; the dashboard under wrk at 1,000,000
                      and at 10,000 registrations; a 100,000-row attendance import against the same import in the
                      app built from the commit before the issue. Writes bench/results/summary-*.md.
          mail        certificate e-mail (issue 14): 2.000 certificates sent by the app through the job engine to a
                      local smtp4dev, throttling off; total time and the app's peak memory, against the same
                      messages sent straight through MailKit. Writes bench/results/mail-*.md.
          checkin     the venue check-in (DESIGN §10.3): 2.000 registered, 100 concurrent clients POST
                      /api/v1/check-in for 30 s against GET /health/live as the baseline; p50, p99, errors,
                      and every check-in found in PostgreSQL. Writes bench/results/checkin-*.md.
          selfreg     self-registration (issue 15): 2.000 applications at an even pace over 60 s through the public
                      endpoint, none lost (stored and mailed), p99 ≤ 1 s, against the app's liveness endpoint at the
                      same pace. Writes bench/results/selfreg-*.md.

        Options of import:
          --small N       rows of the throughput and first memory file (default 100000)
          --large N       rows of the second memory file (default 1000000)
          --kill N        rows of the kill-safety file (default 200000)
          --keep-files    keep the generated CSV files under bench/results/data
          --compare A,B   instead: the same imports by the builds of commits A, B, … and this build, in one run,
                          taking turns (--small rows a file, --rounds N rounds, default 3); for a before/after.
                          Writes bench/results/import-compare-*.md.
          --rounds N      rounds of --compare (default 3)

        Options of summary:
          --registrations N        registrations of the large programme (default 1000000)
          --small-registrations N  registrations of the small programme (default 10000)
          --batches N              batches per programme (default 10), two sessions each
          --connections N          wrk connections (default 16)
          --duration S             wrk seconds per programme (default 30)
          --import-rows N          rows of the attendance import compared with before (default 100000)
          --before COMMIT          the commit before the issue (default e32f248)
          --keep-databases         keep the bench databases (by default dropped at the end: gigabytes)

        Options of mail:
          --mails N       certificates to send (default 2000)

        Options of selfreg:
          --requests N    applications (default 2000)
          --seconds N     over how many seconds (default 60)

        Options of checkin:
          --people N      registered people (default 2000)
          --clients N     concurrent clients (default 100)
          --seconds N     length of the check-in run (default 30)
          --baseline N    length of the baseline run (default 10)

        All:
          --root DIR      the checkout (default: found above the current directory)

        Environment: K3_BENCH_DATABASE, the connection string of the bench's database, which is dropped and
        recreated (its name must start with k3_bench; summary adds suffixes such as _summary_large). ./k3 bench
        sets it to k3_bench on its own PostgreSQL.
        """;

    public string? Bench { get; private set; }
    public bool Help { get; private set; }
    public string? Root { get; private set; }
    public int Small { get; private set; } = 100_000;
    public int Large { get; private set; } = 1_000_000;
    public int Kill { get; private set; } = 200_000;
    public bool KeepFiles { get; private set; }
    public IReadOnlyList<string> Compare { get; private set; } = [];
    public int Rounds { get; private set; } = 3;
    public int Registrations { get; private set; } = 1_000_000;
    public int SmallRegistrations { get; private set; } = 10_000;
    public int Batches { get; private set; } = 10;
    public int Connections { get; private set; } = 16;
    public int DurationSeconds { get; private set; } = 30;
    public int ImportRows { get; private set; } = 100_000;
    public string Before { get; private set; } = "e32f248";
    public bool KeepDatabases { get; private set; }
    public int Mails { get; private set; } = 2_000;
    public int Requests { get; private set; } = 2_000;
    public int People { get; private set; } = 2000;
    public int Clients { get; private set; } = 100;
    // --seconds: the check-in run (default 30) or the self-registration run (default 60).
    public int? Seconds { get; private set; }
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
                case "--mails":
                    command.Mails = Rows(Next());
                    break;
                case "--requests":
                    command.Requests = Rows(Next());
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
                case "--compare":
                    command.Compare = [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    break;
                case "--rounds":
                    command.Rounds = Rows(Next());
                    break;
                case "--registrations":
                    command.Registrations = Rows(Next());
                    break;
                case "--small-registrations":
                    command.SmallRegistrations = Rows(Next());
                    break;
                case "--batches":
                    command.Batches = Rows(Next());
                    break;
                case "--connections":
                    command.Connections = Rows(Next());
                    break;
                case "--duration":
                    command.DurationSeconds = Rows(Next());
                    break;
                case "--import-rows":
                    command.ImportRows = Rows(Next());
                    break;
                case "--before":
                    command.Before = Next();
                    break;
                case "--keep-databases":
                    command.KeepDatabases = true;
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

    public SummaryBenchOptions SummaryOptions() => new(
        FindRoot(Root), Database(), Registrations, SmallRegistrations, Batches, Connections, TimeSpan.FromSeconds(DurationSeconds), ImportRows,
        Before, KeepDatabases);

    public ImportBenchOptions ImportOptions() => new(
        FindRoot(Root),
        Database(),
        Small,
        Large,
        Kill,
        KeepFiles,
        Compare,
        Rounds);

    public MailBenchOptions MailOptions() => new(FindRoot(Root), Database(), Mails);

    public SelfRegistrationBenchOptions SelfRegistrationOptions() => new(FindRoot(Root), Database(), Requests, Seconds ?? 60);
    public CheckInBenchOptions CheckInOptions() => new(FindRoot(Root), Database(), People, Clients, Seconds ?? 30, BaselineSeconds);

    private static string Database() =>
        Environment.GetEnvironmentVariable("K3_BENCH_DATABASE") is { Length: > 0 } db ? db : DefaultDatabase;

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

internal sealed record ImportBenchOptions(string Root, string Database, int Small, int Large, int Kill, bool KeepFiles,
    IReadOnlyList<string> Compare, int Rounds);
