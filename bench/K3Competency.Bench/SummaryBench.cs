using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using K3Competency.Testing;
using Npgsql;

namespace K3Competency.Bench;

internal sealed record SummaryBenchOptions(
    string Root, string Database, int Registrations, int SmallRegistrations, int Batches, int Connections, TimeSpan Duration,
    int ImportRows, string PreIssueCommit, bool KeepDatabases);

/// <summary>
/// The bench of issue 11: what the dashboard and the summary cost once the figures are kept by the writes. In one
/// run, on the Release build of the app as its own process:
/// <list type="bullet">
/// <item>a programme of N registrations (default 1,000,000, in ten batches, a tenth of each batch's people also in
/// the next) with two sessions each (2N attendance rows) and post-tests, loaded through the import API;</item>
/// <item>the summary API against a hand-written SQL statement over the raw tables that computes the same
/// figures (and must agree with it);</item>
/// <item>the dashboard page under wrk, signed in as a Director, at N and at a small programme (10,000);</item>
/// <item>a 100,000-row attendance import with the maintenance, against the same import into the app built from
/// the commit before the issue, each on its own database, in alternating rounds.</item>
/// </list>
/// </summary>
internal sealed class SummaryBench(SummaryBenchOptions options)
{
    private const string Institution = "LPK-BENCH";
    private const string DirectorEmail = "direktur@bench.k3.local";
    private const string DirectorPassword = "Bench-Direktur-Rahasia-2025";

    /// <summary>Attendance files per app in the import comparison, one per session: the machine is shared, so one is not enough.</summary>
    private const int ImportRounds = 5;
    private static readonly DateOnly FirstDay = new(2025, 1, 13);
    private static readonly CultureInfo En = CultureInfo.InvariantCulture;

    private readonly BenchPaths _paths = new(options.Root);
    private int _appStarts;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (!File.Exists(_paths.WebDll))
        {
            Console.Error.WriteLine($"{_paths.WebDll} is missing: build it first (dotnet build src/K3Competency.Web -c Release), or run ./k3 bench summary.");
            return 1;
        }
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var machine = Machine.Describe();
        var report = new Report { Machine = machine, Started = started, LoadBefore = Machine.LoadAverage() };
        Say($"{machine.Cpus} CPUs ({machine.CpuModel}), {machine.MemoryGiB:N1} GiB, {machine.Os}, {machine.Runtime}; load {report.LoadBefore}");
        Directory.CreateDirectory(_paths.Data);
        Directory.CreateDirectory(_paths.AppTemp);
        var databases = new List<BenchDatabase>();
        try
        {
            // Built first: a commit that does not build should stop the run before the long part.
            var pre = await PreIssueBuild.BuildAsync(options.Root, options.PreIssueCommit, _paths.Results, Say, ct);

            var small = Database("summary_small", databases);
            var large = Database("summary_large", databases);
            report.Small = await ScaleAsync(small, options.SmallRegistrations, ct);
            report.PostgreSql = await small.ServerVersionAsync(ct);
            report.Large = await ScaleAsync(large, options.Registrations, ct);
            report.Import = await ImportComparisonAsync(Database("import_ours", databases), Database("import_pre", databases), pre, ct);
            report.LoadAfter = Machine.LoadAverage();
            report.Elapsed = clock.Elapsed;

            var markdown = Markdown(report);
            Console.WriteLine();
            Console.WriteLine(markdown);
            var path = Path.Combine(_paths.Results, $"summary-{started:yyyy-MM-dd-HHmm}.md");
            await File.WriteAllTextAsync(path, markdown, ct);
            Say($"written to {Path.GetRelativePath(options.Root, path)}");
            return report.Small.Agrees && report.Large.Agrees ? 0 : 1;
        }
        finally
        {
            if (!options.KeepDatabases)
            {
                // A million registrations take gigabytes; the machine is shared.
                foreach (var db in databases)
                {
                    await db.DropAsync(CancellationToken.None);
                }
            }
            Directory.Delete(_paths.AppTemp, recursive: true);
        }
    }

    private BenchDatabase Database(string suffix, List<BenchDatabase> all)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.Database);
        builder.Database = $"{builder.Database}_{suffix}";
        var db = new BenchDatabase(builder.ConnectionString);
        all.Add(db);
        return db;
    }

    /// <summary>One programme of <paramref name="registrations"/> registrations: load it, check and time the summary, put wrk on the dashboard.</summary>
    private async Task<Scale> ScaleAsync(BenchDatabase db, int registrations, CancellationToken ct)
    {
        var scale = new Scale { Registrations = registrations, Batches = options.Batches };
        Say($"== {registrations:N0} registrations: recreating database {db.Name}");
        await db.RecreateAsync(ct);
        await using var app = await StartAppAsync(_paths.WebDll, _paths.WebRoot, db, ct);
        using var api = await K3Api.LoginAsync(app, ct);
        await api.CreateInstitutionAsync(Institution, ct);
        var programme = await api.CreateProgrammeAsync("BENCH-RINGKASAN", FirstDay.Year, ct);
        await api.CreateUserAsync(DirectorEmail, DirectorPassword, "Director", ct);

        // Batch k holds people k*stride .. k*stride+perBatch-1: a tenth of them come back in the next batch.
        var perBatch = registrations / options.Batches;
        var stride = perBatch - perBatch / 10;
        var loadClock = Stopwatch.StartNew();
        for (var k = 0; k < options.Batches; k++)
        {
            var day = FirstDay.AddDays(14 * k);
            var batch = await api.CreateBatchAsync(programme, k + 1, day, Institution, ct);
            long first = (long)k * stride;
            scale.RegistrationImport += await ImportFileAsync(api, "registrations", batch, p => BenchFiles.WriteRegistrations(p, first, perBatch, Institution), perBatch, ct);
            scale.AttendanceImport += await ImportFileAsync(api, "attendance", batch, p => BenchFiles.WriteAttendanceMix(p, first, perBatch, 1, 2, day, k), 2 * perBatch, ct);
            scale.ResultsImport += await ImportFileAsync(api, "results", batch, p => BenchFiles.WriteResults(p, first, perBatch, k), null, ct);
            Say($"  batch {k + 1}/{options.Batches} loaded ({loadClock.Elapsed.TotalSeconds:N0} s so far)");
        }
        scale.Load = loadClock.Elapsed;
        scale.Attendance = await db.CountAsync("SELECT count(*) FROM attendances", ct);
        scale.Persons = await db.CountAsync("SELECT count(*) FROM participants", ct);
        scale.DatabaseBytes = await db.CountAsync("SELECT pg_database_size(current_database())", ct);
        await db.ExecuteAsync("VACUUM ANALYZE", ct);

        // The figures first: the maintained ones must be the ones the raw rows give.
        var (summary, _) = await api.SummaryAsync(programme, ct);
        var handRows = await HandSummaryAsync(db, programme, ct);
        scale.Disagreements = Compare(summary, handRows);
        scale.CumulativeUpgraded = summary.GetProperty("totals").GetProperty("upgraded").GetInt32();
        scale.UpgradedParticipations = summary.GetProperty("totals").GetProperty("upgradedParticipations").GetInt32();
        Say(scale.Agrees
            ? $"  the summary API agrees with the hand-written SQL on every figure of {handRows.Count} batches ({scale.CumulativeUpgraded:N0} persons upgraded)"
            : $"  DISAGREEMENT between the summary API and the hand-written SQL: {string.Join("; ", scale.Disagreements.Take(5))}");

        for (var i = 0; i < 5; i++)
        {
            await api.SummaryAsync(programme, ct);
        }
        var apiTimes = new List<TimeSpan>();
        for (var i = 0; i < 50; i++)
        {
            apiTimes.Add((await api.SummaryAsync(programme, ct)).Elapsed);
        }
        scale.Api = Stats.Of(apiTimes);
        await HandSummaryAsync(db, programme, ct);
        var sqlTimes = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var sqlClock = Stopwatch.StartNew();
            await HandSummaryAsync(db, programme, ct);
            sqlTimes.Add(sqlClock.Elapsed);
        }
        scale.HandSql = Stats.Of(sqlTimes);
        Say($"  summary API median {Ms(scale.Api.Median)}, hand-written SQL over the raw tables median {Ms(scale.HandSql.Median)}");

        var cookie = await K3Api.CookieLoginAsync(app, DirectorEmail, DirectorPassword, ct);
        var dashboard = new Uri(app.BaseAddress, "Dashboard");
        using (var check = new HttpClient())
        using (var request = new HttpRequestMessage(HttpMethod.Get, dashboard))
        {
            request.Headers.Add("Cookie", cookie);
            using var response = await check.SendAsync(request, ct);
            var html = await response.Content.ReadAsStringAsync(ct);
            // id-ID groups thousands with a dot (12.619).
            var shown = scale.CumulativeUpgraded.ToString("N0", En).Replace(',', '.');
            if (!response.IsSuccessStatusCode || !html.Contains(shown, StringComparison.Ordinal))
            {
                var saved = _paths.Log("dashboard-check.html");
                await File.WriteAllTextAsync(saved, html, ct);
                throw new InvalidOperationException($"The dashboard answered {(int)response.StatusCode} without the figure {shown} (page in {saved}): the load would measure the wrong page.");
            }
            scale.PageBytes = html.Length;
        }
        // A fresh process compiles as it goes: a few seconds of the same load first, not counted.
        await Wrk.RunAsync(dashboard, cookie, options.Connections, TimeSpan.FromSeconds(5), _paths.AppTemp, ct);
        Say($"  wrk: {options.Connections} connections for {options.Duration.TotalSeconds:N0} s on /Dashboard as a Director (load {Machine.LoadAverage()})");
        // The CPU the app and its PostgreSQL sessions used for those requests, how often the kernel took it from them,
        // and what the whole machine used meanwhile: a latency far above the CPU a request uses is time spent waiting.
        var backends = await db.BackendPidsAsync(ct);
        var (appBefore, dbBefore, machineBefore) = (CpuTime.Threads([app.Pid]), CpuTime.Threads(backends), CpuTime.Machine());
        scale.Wrk = await Wrk.RunAsync(dashboard, cookie, options.Connections, options.Duration, _paths.AppTemp, ct);
        (scale.AppCpu, scale.DbCpu, scale.MachineCpu) =
            (CpuTime.Between(appBefore, CpuTime.Threads([app.Pid])), CpuTime.Between(dbBefore, CpuTime.Threads(backends)), CpuTime.Machine() - machineBefore);
        Say($"  {scale.Wrk.RequestsPerSecond:N1} requests/s, p50 {Ms(scale.Wrk.P50)}, p99 {Ms(scale.Wrk.P99)}, {scale.Wrk.Errors} errors; " +
            $"app {S(scale.AppCpu.Used)} of CPU ({scale.AppCpu.Preempted:N0} preemptions), its {backends.Count} PostgreSQL sessions " +
            $"{S(scale.DbCpu.Used)} ({scale.DbCpu.Preempted:N0}), the whole machine {S(scale.MachineCpu)} (load {Machine.LoadAverage()})");
        return scale;
    }

    /// <summary>
    /// The attendance import with the figures kept (this build) against the same import before the issue (the
    /// commit built by <see cref="PreIssueBuild"/>): each app on its own database with the same 100,000 people in
    /// one batch of <see cref="ImportRounds"/> sessions, then one 100,000-row file per session, the two apps taking turns.
    /// </summary>
    private async Task<ImportComparison> ImportComparisonAsync(BenchDatabase oursDb, BenchDatabase preDb, (string WebDll, string ContentRoot) pre, CancellationToken ct)
    {
        var result = new ImportComparison { Rows = options.ImportRows };
        Say($"== {options.ImportRows:N0}-row attendance import, this build against {options.PreIssueCommit}");
        await oursDb.RecreateAsync(ct);
        await preDb.RecreateAsync(ct);
        await using var oursApp = await StartAppAsync(_paths.WebDll, _paths.WebRoot, oursDb, ct);
        await using var preApp = await StartAppAsync(pre.WebDll, pre.ContentRoot, preDb, ct);
        using var ours = await K3Api.LoginAsync(oursApp, ct);
        using var before = await K3Api.LoginAsync(preApp, ct);

        var registrations = Path.Combine(_paths.Data, "import-registrations.csv");
        BenchFiles.WriteRegistrations(registrations, 0, options.ImportRows, Institution);
        var batches = new Dictionary<K3Api, int>();
        foreach (var (api, name) in new[] { (before, "before"), (ours, "ours") })
        {
            await api.CreateInstitutionAsync(Institution, ct);
            var programme = await api.CreateProgrammeAsync("BENCH-IMPOR", FirstDay.Year, ct);
            batches[api] = await api.CreateBatchAsync(programme, 1, FirstDay, Institution, ct, sessions: ImportRounds);
            var (report, elapsed) = await api.ImportAsync("registrations", batches[api], registrations, ct);
            Expect(report, options.ImportRows, $"registrations ({name})");
            (name == "ours" ? result.OursRegistrations : result.BeforeRegistrations).Add(elapsed);
        }
        File.Delete(registrations);

        for (var session = 1; session <= ImportRounds; session++)
        {
            var file = Path.Combine(_paths.Data, $"import-attendance-{session}.csv");
            var s = session;
            BenchFiles.WriteAttendanceMix(file, 0, options.ImportRows, s, s, FirstDay, 99);
            // Taking turns, the one that goes first changing every round, so that a busy moment of the shared
            // machine does not fall on one side only.
            var order = session % 2 == 1
                ? new[] { (before, preApp, preDb, "before"), (ours, oursApp, oursDb, "ours") }
                : new[] { (ours, oursApp, oursDb, "ours"), (before, preApp, preDb, "before") };
            foreach (var (api, app, db, name) in order)
            {
                var upload = api.ImportAsync("attendance", batches[api], file, ct);
                var (phases, _) = await ImportPhases.SampleAsync(db, app, upload, ct);
                var (report, elapsed) = await upload;
                Expect(report, options.ImportRows, $"attendance session {session} ({name})");
                (name == "ours" ? result.Ours : result.Before).Add(elapsed);
                (name == "ours" ? result.OursPhases : result.BeforePhases).Add(ImportPhases.Describe(phases));
                Say($"  session {session}, {name}: {elapsed.TotalSeconds:N2} s ({ImportPhases.Describe(phases)})");
            }
            File.Delete(file);
        }
        return result;
    }

    private async Task<TimeSpan> ImportFileAsync(K3Api api, string kind, int batch, Func<string, long> write, int? rows, CancellationToken ct)
    {
        var path = Path.Combine(_paths.Data, $"{kind}.csv");
        write(path);
        try
        {
            var (report, elapsed) = await api.ImportAsync(kind, batch, path, ct);
            Expect(report, rows ?? report.Rows, kind);
            return elapsed;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Expect(ImportReport report, int rows, string what)
    {
        if (report.Rows != rows || report.Inserted + report.Updated != rows || report.Rejected != 0 || !report.Committed)
        {
            var first = string.Join("; ", report.Errors.Take(3).Select(e => $"row {e.Row} {e.Column}: {e.Message}"));
            throw new InvalidOperationException($"{what}: expected {rows} rows written; the report says rows {report.Rows}, inserted {report.Inserted}, updated {report.Updated}, rejected {report.Rejected}, committed {report.Committed}. {first}");
        }
    }

    /// <summary>
    /// The baseline: DESIGN §4 written out by hand over the raw tables (registrations, attendances, sessions), as
    /// the reporting SQL was before the issue. Deliberately independent of the app's SQL, so that it checks it.
    /// </summary>
    private const string HandSql = """
        WITH sessions_per_batch AS (
            SELECT batch_id, count(*) AS sessions FROM sessions GROUP BY batch_id
        ),
        present AS (
            SELECT registration_id, count(*) AS present FROM attendances WHERE status IN ('HADIR', 'TERLAMBAT') GROUP BY registration_id
        ),
        flags AS (
            SELECT b.number, r.participant_id, r.category = 'AHLI_K3' AS ahli, r.attendance_mode,
                   r.category = 'AHLI_K3' AND coalesce(pr.present, 0) > 0 AS upgraded,
                   coalesce(s.sessions, 0) > 0 AND coalesce(pr.present, 0) * 100 >= p.min_attendance_percent * s.sessions
                       AND coalesce(r.post_test_score >= p.passing_score, false) AS completed,
                   coalesce(r.post_test_score >= p.high_performance_score, false) AS high_score
            FROM registrations r
            JOIN batches b ON b.id = r.batch_id
            JOIN programmes p ON p.id = b.programme_id
            LEFT JOIN sessions_per_batch s ON s.batch_id = r.batch_id
            LEFT JOIN present pr ON pr.registration_id = r.id
            WHERE b.programme_id = @programme
        ),
        per_batch AS (
            SELECT number, count(*) AS participants, count(*) FILTER (WHERE ahli) AS ahli_k3, count(*) FILTER (WHERE upgraded) AS upgraded,
                   count(*) FILTER (WHERE ahli AND completed) AS completed, count(*) FILTER (WHERE ahli AND completed AND high_score) AS high,
                   count(*) FILTER (WHERE attendance_mode = 'DARING') AS online, count(*) FILTER (WHERE attendance_mode = 'LURING') AS offline
            FROM flags GROUP BY number
        ),
        first_upgraded AS (SELECT participant_id, min(number) AS number FROM flags WHERE upgraded GROUP BY participant_id),
        first_high AS (SELECT participant_id, min(number) AS number FROM flags WHERE ahli AND completed AND high_score GROUP BY participant_id)
        SELECT b.number, coalesce(pb.participants, 0), coalesce(pb.ahli_k3, 0), coalesce(pb.upgraded, 0), coalesce(pb.completed, 0),
               coalesce(pb.high, 0), coalesce(pb.online, 0), coalesce(pb.offline, 0),
               (SELECT count(*) FROM first_upgraded f WHERE f.number <= b.number),
               (SELECT count(*) FROM first_high f WHERE f.number <= b.number)
        FROM batches b LEFT JOIN per_batch pb ON pb.number = b.number
        WHERE b.programme_id = @programme
        ORDER BY b.number
        """;

    private static readonly string[] Fields =
        ["number", "participants", "ahliK3", "upgraded", "completed", "highPerforming", "online", "offline", "cumulativeUpgraded", "cumulativeHighPerforming"];

    private static async Task<List<long[]>> HandSummaryAsync(BenchDatabase db, int programme, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand(HandSql, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("programme", programme);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<long[]>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add([.. Enumerable.Range(0, Fields.Length).Select(i => Convert.ToInt64(reader.GetValue(i), En))]);
        }
        return rows;
    }

    private static List<string> Compare(JsonElement summary, List<long[]> hand)
    {
        var batches = summary.GetProperty("batches");
        var differences = new List<string>();
        if (batches.GetArrayLength() != hand.Count)
        {
            differences.Add($"{batches.GetArrayLength()} batches in the API, {hand.Count} in the tables");
            return differences;
        }
        for (var b = 0; b < hand.Count; b++)
        {
            for (var f = 0; f < Fields.Length; f++)
            {
                var api = batches[b].GetProperty(Fields[f]).GetInt64();
                if (api != hand[b][f])
                {
                    differences.Add($"batch {hand[b][0]} {Fields[f]}: API {api}, tables {hand[b][f]}");
                }
            }
        }
        var totals = summary.GetProperty("totals");
        if (hand.Count > 0 && totals.GetProperty("upgraded").GetInt64() != hand[^1][8])
        {
            differences.Add($"totals.upgraded: API {totals.GetProperty("upgraded").GetInt64()}, tables {hand[^1][8]}");
        }
        return differences;
    }

    private async Task<AppProcess> StartAppAsync(string webDll, string contentRoot, BenchDatabase db, CancellationToken ct)
    {
        var log = _paths.Log($"summary-app-{++_appStarts}.log");
        var app = await AppProcess.StartAsync(webDll, contentRoot, _paths.AppTemp, db.ConnectionString, log, null, ct);
        Say($"app #{_appStarts} ready on {db.Name} (pid {app.Pid}, {app.BaseAddress}{(webDll == _paths.WebDll ? "" : ", pre-issue build")})");
        return app;
    }

    private static string S(TimeSpan t) => t.TotalSeconds.ToString("N1", En) + " s";

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString(t.TotalMilliseconds < 10 ? "N2" : "N1", En) + " ms";

    private static void Say(string text) => BenchPaths.Say(text);

    private string Markdown(Report r)
    {
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');
        string N(double v) => v.ToString("N0", En);
        string S2(TimeSpan t) => t.TotalSeconds.ToString("N2", En) + " s";
        string X(double v) => v.ToString("N2", En) + "×";
        string Met(bool ok) => ok ? "met" : "**missed**";
        var (small, large, imp) = (r.Small!, r.Large!, r.Import!);
        var wrkL = large.Wrk!;
        var wrkS = small.Wrk!;

        Line($"# Summary benchmark, {r.Started:yyyy-MM-dd HH:mm} UTC");
        Line();
        Line($"- Machine: {r.Machine!.Cpus} CPUs ({r.Machine.CpuModel}), {r.Machine.MemoryGiB.ToString("N1", En)} GiB RAM, {r.Machine.Os}");
        Line($"- Software: {r.Machine.Runtime}, PostgreSQL {r.PostgreSql}; app: Release build, ASPNETCORE_ENVIRONMENT=Production; wrk, app and PostgreSQL on the same machine");
        Line($"- Load average (1 min) at start {r.LoadBefore}, at end {r.LoadAfter}; the whole run took {S(r.Elapsed)}");
        Line();
        Line("## The programmes");
        Line();
        Line("| | Registrations | Attendance rows | Persons | Batches | Loaded through the import API in | Database size |");
        Line("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, s) in new[] { ("Large", large), ("Small", small) })
        {
            Line($"| {name} | {N(s.Registrations)} | {N(s.Attendance)} | {N(s.Persons)} | {s.Batches} | {S(s.Load)} (registrations {S(s.RegistrationImport)}, attendance {S(s.AttendanceImport)}, results {S(s.ResultsImport)}) | {N(s.DatabaseBytes / 1024.0 / 1024.0)} MiB |");
        }
        Line();
        Line($"Figures checked: the summary API and the hand-written SQL agree on every figure of every batch: large {(large.Agrees ? "yes" : "**NO**")}, small {(small.Agrees ? "yes" : "**NO**")} ({N(large.CumulativeUpgraded)} persons upgraded from {N(large.UpgradedParticipations)} participations in the large programme).");
        foreach (var d in large.Disagreements.Concat(small.Disagreements).Take(10))
        {
            Line($"- {d}");
        }
        Line();
        Line("## Summary API against hand-written SQL over the raw tables");
        Line();
        Line("| Programme | `GET /api/v1/programs/{id}/summary` median (p95) of 50 | Hand-written SQL median (p95) of 5 | SQL ÷ API |");
        Line("|---|---:|---:|---:|");
        foreach (var (name, s) in new[] { ("Large", large), ("Small", small) })
        {
            Line($"| {name} ({N(s.Registrations)}) | {Ms(s.Api!.Median)} ({Ms(s.Api.P95)}) | {Ms(s.HandSql!.Median)} ({Ms(s.HandSql.P95)}) | {X(s.HandSql.Median / s.Api.Median)} |");
        }
        Line();
        Line($"## The dashboard under wrk ({options.Connections} connections, {options.Duration.TotalSeconds:N0} s, signed in as a Director)");
        Line();
        Line("| Programme | Requests/s | p50 | p75 | p90 | p99 | p99 ÷ p50 | Errors (non-200, socket, timeout) | Page |");
        Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, s) in new[] { ("Large", large), ("Small", small) })
        {
            var w = s.Wrk!;
            Line($"| {name} ({N(s.Registrations)}) | {w.RequestsPerSecond.ToString("N1", En)} | {Ms(w.P50)} | {Ms(w.P75)} | {Ms(w.P90)} | {Ms(w.P99)} | {X(w.P99 / w.P50)} | {w.Errors} ({w.NotOk}, {w.SocketErrors}, {w.Timeouts}) | {N(s.PageBytes / 1024.0)} KiB |");
        }
        Line();
        Line("The CPU behind those requests (from /proc over the measured run): what the app and its PostgreSQL sessions used, how often the kernel " +
             "took a CPU from them while they still wanted it, and what every task of the machine used of its " +
             $"{N(Environment.ProcessorCount * options.Duration.TotalSeconds)} CPU-seconds.");
        Line();
        Line("| Programme | App: CPU (preemptions) | Its PostgreSQL sessions: CPU (preemptions) | CPU per request | Whole machine: CPU used | Of it, other work |");
        Line("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, s) in new[] { ("Large", large), ("Small", small) })
        {
            var (a, d, m, requests) = (s.AppCpu!, s.DbCpu!, s.MachineCpu, Math.Max(1, s.Wrk!.Requests));
            Line($"| {name} ({N(s.Registrations)}) | {S(a.Used)} ({N(a.Preempted)}) | {S(d.Used)} ({N(d.Preempted)}) | " +
                 $"{Ms((a.Used + d.Used) / requests)} | {S(m)} | {S(m - a.Used - d.Used)} |");
        }
        Line();
        Line("## Attendance import with the maintenance against the same import before the issue");
        Line();
        Line($"Each app on its own database: one batch of {ImportRounds} sessions and {N(imp.Rows)} registrations (imported first: before {S(imp.BeforeRegistrations[0])}, this build {S(imp.OursRegistrations[0])}), then one {N(imp.Rows)}-row attendance file per session (80 % HADIR, 8 % TERLAMBAT, 6 % IZIN, 6 % ALPA), the two apps taking turns.");
        Line();
        Line($"| Session | Before ({options.PreIssueCommit}) | This build | This build ÷ before |");
        Line("|---|---:|---:|---:|");
        for (var i = 0; i < imp.Ours.Count; i++)
        {
            Line($"| {i + 1} | {S2(imp.Before[i])} | {S2(imp.Ours[i])} | {X(imp.Ours[i] / imp.Before[i])} |");
        }
        var ratio = Stats.Of(imp.Ours).Median / Stats.Of(imp.Before).Median;
        Line($"| median | {S2(Stats.Of(imp.Before).Median)} | {S2(Stats.Of(imp.Ours).Median)} | {X(ratio)} |");
        Line();
        Line("Where each import's time went (the statement its database session ran, sampled every 100 ms):");
        Line();
        for (var i = 0; i < imp.Ours.Count; i++)
        {
            Line($"- session {i + 1}, before: {imp.BeforePhases[i]}");
            Line($"- session {i + 1}, this build: {imp.OursPhases[i]}");
        }
        Line();
        Line("## Against the goals");
        Line();
        Line("| Goal | Measured | |");
        Line("|---|---|---|");
        Line($"| Dashboard at {N(large.Registrations)} ≥ 100 requests/s at {options.Connections} connections | {wrkL.RequestsPerSecond.ToString("N1", En)} | {Met(wrkL.RequestsPerSecond >= 100)} |");
        Line($"| p99 ≤ 4 × p50 at {N(large.Registrations)} | {X(wrkL.P99 / wrkL.P50)} | {Met(wrkL.P99 <= 4 * wrkL.P50)} |");
        Line($"| 0 errors | {wrkL.Errors} at {N(large.Registrations)}, {wrkS.Errors} at {N(small.Registrations)} | {Met(wrkL.Errors == 0 && wrkS.Errors == 0)} |");
        Line($"| p50 at {N(large.Registrations)} ≤ 2 × p50 at {N(small.Registrations)} | {Ms(wrkL.P50)} against {Ms(wrkS.P50)}: {X(wrkL.P50 / wrkS.P50)} | {Met(wrkL.P50 <= 2 * wrkS.P50)} |");
        Line($"| {N(imp.Rows)}-row attendance import ≤ 1.3 × as slow as before | {X(ratio)} (median of {ImportRounds}) | {Met(ratio <= 1.3)} |");
        return sb.ToString();
    }

    private sealed class Report
    {
        public Machine? Machine { get; init; }
        public DateTimeOffset Started { get; init; }
        public string LoadBefore { get; init; } = "";
        public string LoadAfter { get; set; } = "";
        public string PostgreSql { get; set; } = "";
        public TimeSpan Elapsed { get; set; }
        public Scale? Small { get; set; }
        public Scale? Large { get; set; }
        public ImportComparison? Import { get; set; }
    }

    private sealed class Scale
    {
        /// <summary>Over the measured wrk run: the app's threads, its PostgreSQL sessions, every task of the machine.</summary>
        public CpuTime? AppCpu { get; set; }
        public CpuTime? DbCpu { get; set; }
        public TimeSpan MachineCpu { get; set; }

        public int Registrations { get; init; }
        public int Batches { get; init; }
        public long Attendance { get; set; }
        public long Persons { get; set; }
        public long DatabaseBytes { get; set; }
        public TimeSpan Load { get; set; }
        public TimeSpan RegistrationImport { get; set; }
        public TimeSpan AttendanceImport { get; set; }
        public TimeSpan ResultsImport { get; set; }
        public List<string> Disagreements { get; set; } = [];
        public bool Agrees => Disagreements.Count == 0;
        public int CumulativeUpgraded { get; set; }
        public int UpgradedParticipations { get; set; }
        public Stats? Api { get; set; }
        public Stats? HandSql { get; set; }
        public int PageBytes { get; set; }
        public WrkResult? Wrk { get; set; }
    }

    private sealed class ImportComparison
    {
        public int Rows { get; init; }
        public List<TimeSpan> BeforeRegistrations { get; } = [];
        public List<TimeSpan> OursRegistrations { get; } = [];
        public List<TimeSpan> Before { get; } = [];
        public List<TimeSpan> Ours { get; } = [];
        public List<string> BeforePhases { get; } = [];
        public List<string> OursPhases { get; } = [];
    }

    private sealed record Stats(TimeSpan Median, TimeSpan P95)
    {
        public static Stats Of(IReadOnlyList<TimeSpan> times)
        {
            var sorted = times.Order().ToList();
            var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
            return new Stats(median, sorted[(int)Math.Ceiling(sorted.Count * 0.95) - 1]);
        }
    }
}
