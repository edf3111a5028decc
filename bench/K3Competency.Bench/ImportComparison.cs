using System.Globalization;
using System.Text;
using K3Competency.Testing;
using Npgsql;

namespace K3Competency.Bench;

/// <summary>
/// The same imports in builds of other commits and in this one, in one run (./k3 bench import --compare A,B): each app
/// built from <c>git archive</c> (<see cref="PreIssueBuild"/>) on its own database of the same cluster, the apps taking
/// turns round by round (the one that goes first changing every round), so that a busy moment of the shared machine
/// does not fall on one build only. Each round imports into a new batch: 100,000 new registrations (inserts), an
/// attendance file for them (inserts) and a results file for them (every row an update).
/// </summary>
internal sealed class ImportComparison(ImportBenchOptions options)
{
    private const string Institution = BenchFiles.Institution;
    private static readonly CultureInfo En = CultureInfo.InvariantCulture;
    private static readonly string[] Kinds = ["registrations", "attendance", "results"];

    private readonly BenchPaths _paths = new(options.Root);
    private int _appStarts;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var machine = Machine.Describe();
        var loadBefore = Machine.LoadAverage();
        Say($"{machine.Cpus} CPUs ({machine.CpuModel}), {machine.MemoryGiB:N1} GiB, {machine.Os}, {machine.Runtime}; load {loadBefore}");
        Directory.CreateDirectory(_paths.Data);
        Directory.CreateDirectory(_paths.AppTemp);

        var builds = new List<Build>();
        foreach (var commit in options.Compare)
        {
            var (dll, root) = await PreIssueBuild.BuildAsync(options.Root, commit, _paths.Results, Say, ct);
            builds.Add(new Build(commit, dll, root, Database($"cmp_{builds.Count}")));
        }
        builds.Add(new Build("this build", _paths.WebDll, _paths.WebRoot, Database($"cmp_{builds.Count}")));

        var apps = new List<(Build Build, AppProcess App, K3Api Api, int Programme)>();
        try
        {
            foreach (var build in builds)
            {
                await build.Db.RecreateAsync(ct);
                var app = await AppProcess.StartAsync(build.WebDll, build.ContentRoot, _paths.AppTemp, build.Db.ConnectionString,
                    _paths.Log($"compare-app-{++_appStarts}.log"), new Dictionary<string, string> { ["Imports__MaxFileBytes"] = "500000000" }, ct);
                var api = await K3Api.LoginAsync(app, ct);
                await api.CreateInstitutionAsync(Institution, ct);
                apps.Add((build, app, api, await api.CreateProgrammeAsync("BENCH-BANDING", BenchFiles.FirstDay.Year, ct)));
                Say($"app of {build.Name} ready on {build.Db.Name} (pid {app.Pid})");
            }
            var postgres = await builds[0].Db.ServerVersionAsync(ct);
            for (var round = 1; round <= options.Rounds; round++)
            {
                var first = (long)(round - 1) * options.Small;
                var files = new Dictionary<string, string>
                {
                    ["registrations"] = Path.Combine(_paths.Data, $"compare-registrations-{round}.csv"),
                    ["attendance"] = Path.Combine(_paths.Data, $"compare-attendance-{round}.csv"),
                    ["results"] = Path.Combine(_paths.Data, $"compare-results-{round}.csv"),
                };
                BenchFiles.WriteRegistrations(files["registrations"], first, options.Small, Institution);
                BenchFiles.WriteAttendance(files["attendance"], first, options.Small, 1, BenchFiles.FirstDay);
                BenchFiles.WriteUniformResults(files["results"], first, options.Small, 80);
                var order = Enumerable.Range(0, apps.Count).Select(i => apps[(i + round - 1) % apps.Count]).ToList();
                var batches = new Dictionary<Build, int>();
                foreach (var (build, _, api, programme) in order)
                {
                    batches[build] = await api.CreateBatchAsync(programme, round, BenchFiles.FirstDay, Institution, ct);
                }
                foreach (var kind in Kinds)
                {
                    foreach (var (build, app, api, _) in order)
                    {
                        var upload = api.ImportAsync(kind, batches[build], files[kind], ct);
                        var (phases, _) = await ImportPhases.SampleAsync(build.Db, app, upload, ct);
                        var (report, elapsed) = await upload;
                        if (report.Rows != options.Small || report.Rejected != 0 || !report.Committed || report.Inserted + report.Updated != options.Small)
                        {
                            throw new InvalidOperationException($"{build.Name}, {kind} round {round}: rows {report.Rows}, inserted {report.Inserted}, updated {report.Updated}, rejected {report.Rejected}.");
                        }
                        var merge = phases.Where(p => p.Phase == ImportPhases.Merging).Aggregate(TimeSpan.Zero, (t, p) => t + p.Time);
                        build.Times.Add((kind, round, elapsed, merge, Machine.LoadAverage()));
                        Say($"  round {round}, {kind}, {build.Name}: {elapsed.TotalSeconds:N2} s (merge {merge.TotalSeconds:N2} s; load {Machine.LoadAverage()})");
                    }
                }
                foreach (var file in files.Values)
                {
                    File.Delete(file);
                }
            }

            var markdown = Report(builds, started, machine, postgres, loadBefore, Machine.LoadAverage());
            Console.WriteLine();
            Console.WriteLine(markdown);
            var path = Path.Combine(_paths.Results, $"import-compare-{started:yyyy-MM-dd-HHmm}.md");
            await File.WriteAllTextAsync(path, markdown, ct);
            Say($"written to {Path.GetRelativePath(options.Root, path)}");
            return 0;
        }
        finally
        {
            foreach (var (_, app, api, _) in apps)
            {
                api.Dispose();
                await app.DisposeAsync();
            }
            foreach (var build in builds)
            {
                await build.Db.DropAsync(CancellationToken.None);
            }
        }
    }

    private BenchDatabase Database(string suffix)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.Database);
        builder.Database = $"{builder.Database}_{suffix}";
        return new BenchDatabase(builder.ConnectionString);
    }

    private string Report(List<Build> builds, DateTimeOffset started, Machine machine, string postgres, string loadBefore, string loadAfter)
    {
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');
        string S(TimeSpan t) => t.TotalSeconds.ToString("N2", En) + " s";
        static TimeSpan Median(IEnumerable<TimeSpan> times)
        {
            var sorted = times.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }
        var baseline = builds[0];

        Line($"# Import of the same files by several builds, {started:yyyy-MM-dd HH:mm} UTC");
        Line();
        Line($"- Machine: {machine.Cpus} CPUs ({machine.CpuModel}), {machine.MemoryGiB.ToString("N1", En)} GiB RAM, {machine.Os}; {machine.Runtime}, PostgreSQL {postgres}");
        Line($"- Load average (1 min) at start {loadBefore}, at end {loadAfter}; the load after each import is in the log lines above");
        Line($"- {options.Rounds} rounds; each round a new batch per app and {options.Small.ToString("N0", En)} new people: registrations (all inserted), attendance of session 1 (all inserted), results (every row an update of the registration). The apps take turns, the first one changing every round.");
        Line();
        Line($"| Import | {string.Join(" | ", builds.Select(b => b.Name))} | {string.Join(" | ", builds.Skip(1).Select(b => $"{b.Name} ÷ {baseline.Name}"))} |");
        Line($"|---|{string.Concat(builds.Select(_ => "---:|"))}{string.Concat(builds.Skip(1).Select(_ => "---:|"))}");
        foreach (var kind in Kinds)
        {
            foreach (var (label, pick) in new (string, Func<(string Kind, int Round, TimeSpan Total, TimeSpan Merge, string Load), TimeSpan>)[] { ("total", t => t.Total), ("merge", t => t.Merge) })
            {
                var medians = builds.Select(b => Median(b.Times.Where(t => t.Kind == kind).Select(pick))).ToList();
                Line($"| {kind}, median {label} | {string.Join(" | ", medians.Select(S))} | {string.Join(" | ", medians.Skip(1).Select(m => (m / medians[0]).ToString("N2", En) + "×"))} |");
            }
        }
        Line();
        Line("Every import, in the order run (total / merge, load average after it):");
        Line();
        foreach (var build in builds)
        {
            Line($"- {build.Name}: {string.Join("; ", build.Times.Select(t => $"{t.Kind} {t.Round}: {S(t.Total)} / {S(t.Merge)} ({t.Load})"))}");
        }
        return sb.ToString();
    }

    private static void Say(string text) => BenchPaths.Say(text);

    private sealed record Build(string Name, string WebDll, string ContentRoot, BenchDatabase Db)
    {
        public List<(string Kind, int Round, TimeSpan Total, TimeSpan Merge, string Load)> Times { get; } = [];
    }
}
