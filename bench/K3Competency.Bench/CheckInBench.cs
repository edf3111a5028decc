using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using K3Competency.Domain;
using K3Competency.Testing;

namespace K3Competency.Bench;

/// <summary>
/// The venue check-in under a crowd (DESIGN §10.3): 2.000 people registered through the import API, then 100 concurrent
/// clients POST /api/v1/check-in for 30 s with the token a display task keeps fresh (as the venue screen does), each
/// taking the next NIK (after everyone is in, repeats, which must answer first:false). Baseline in the same run: the
/// same clients against GET /health/live. Afterwards PostgreSQL must hold one attendance per first check-in and one
/// event per answered check-in: nothing lost.
/// </summary>
internal sealed class CheckInBench(CheckInBenchOptions options)
{
    private static readonly CultureInfo En = CultureInfo.InvariantCulture;
    private readonly BenchDatabase _db = new(options.Database);
    private readonly BenchPaths _paths = new(options.Root);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (!File.Exists(_paths.WebDll))
        {
            Console.Error.WriteLine($"{_paths.WebDll} is missing: build it first, or run ./k3 bench checkin.");
            return 1;
        }
        var started = DateTimeOffset.UtcNow;
        var machine = Machine.Describe();
        var loadBefore = Machine.LoadAverage();
        Say($"{machine.Cpus} CPUs ({machine.CpuModel}), {machine.MemoryGiB:N1} GiB, {machine.Os}, {machine.Runtime}; load {loadBefore}");
        Directory.CreateDirectory(_paths.Data);
        var temp = Path.Combine(_paths.Results, "tmp-checkin");
        Directory.CreateDirectory(temp);
        Say($"recreating database {_db.Name}");
        await _db.RecreateAsync(ct);

        // The per-IP limit is for a venue's shared address, not for one bench machine sending everything.
        var settings = new Dictionary<string, string> { ["CheckIn__PerIpPerMinute"] = "100000000" };
        await using var app = await AppProcess.StartAsync(_paths.WebDll, _paths.WebRoot, temp, _db.ConnectionString,
            _paths.Log("checkin-app.log"), settings, ct);
        using var api = await K3Api.LoginAsync(app, ct);
        Say($"app ready (pid {app.Pid}); registering {options.People:N0} people through the import API");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        await api.CreateInstitutionAsync(BenchFiles.Institution, ct);
        var programme = await api.CreateProgrammeAsync("BENCH-PRESENSI", today.Year, ct);
        var batch = await api.CreateBatchAsync(programme, 1, today, BenchFiles.Institution, ct);
        var file = Path.Combine(_paths.Data, "checkin-registrations.csv");
        BenchFiles.WriteRegistrations(file, 0, options.People, BenchFiles.Institution);
        var (registered, _) = await api.ImportAsync("registrations", batch, file, ct);
        File.Delete(file);
        if (registered.Inserted != options.People)
        {
            throw new InvalidOperationException($"Registered {registered.Inserted} of {options.People}.");
        }
        // The statistics a database has a minute after an import (autovacuum's analyze): the check-in's kept sessions
        // plan their statements once, and a plan made while the tables' statistics still said "empty" would stay
        // until that analyze came; a venue door opens on a database that has long had it.
        await _db.ExecuteAsync("ANALYZE participants, registrations, sessions, batches, programmes, attendances, registration_attendance", ct);
        var niks = Enumerable.Range(0, options.People).Select(i => BenchFiles.Nik(i)).ToArray();

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = app.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

        Say($"baseline: {options.Clients} clients on GET /health/live for {options.BaselineSeconds} s");
        var baseline = await LoadAsync(options.Clients, TimeSpan.FromSeconds(options.BaselineSeconds), async (_, token) =>
        {
            using var response = await http.GetAsync(new Uri("health/live", UriKind.Relative), token);
            return (response.StatusCode == HttpStatusCode.OK, false);
        }, ct);
        Say($"  {Describe(baseline)}");

        // The display: a fresh token every few seconds, as the venue screen polls it.
        var current = await api.CheckInTokenAsync(batch, 1, ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var display = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(5000, stop.Token);
                    Volatile.Write(ref current, await api.CheckInTokenAsync(batch, 1, stop.Token));
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);

        var next = -1;
        var firsts = 0;
        var answered = 0;
        Say($"check-in: {options.Clients} clients on POST /api/v1/check-in for {options.Seconds} s");
        var checkIns = await LoadAsync(options.Clients, TimeSpan.FromSeconds(options.Seconds), async (client, token) =>
        {
            var nik = niks[(int)((uint)Interlocked.Increment(ref next) % (uint)niks.Length)];
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/check-in", UriKind.Relative))
            {
                Content = JsonContent.Create(new { token = Volatile.Read(ref current), nik }),
            };
            request.Headers.UserAgent.ParseAdd($"k3-bench-phone/{client}");
            using var response = await http.SendAsync(request, token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (false, false);
            }
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(token);
            Interlocked.Increment(ref answered);
            var first = body.GetProperty("first").GetBoolean();
            if (first)
            {
                Interlocked.Increment(ref firsts);
            }
            return (true, first);
        }, ct);
        await stop.CancelAsync();
        await display;
        Say($"  {Describe(checkIns)}");

        var attendances = await _db.CountAsync($"SELECT count(*) FROM attendances a JOIN sessions s ON s.id = a.session_id WHERE s.batch_id = {batch} AND s.number = 1 AND a.source = 'CHECK_IN'", ct);
        var events = await _db.CountAsync($"SELECT count(*) FROM check_in_events e JOIN sessions s ON s.id = e.session_id WHERE s.batch_id = {batch}", ct);
        var firstEvents = await _db.CountAsync($"SELECT count(*) FROM check_in_events e JOIN sessions s ON s.id = e.session_id WHERE s.batch_id = {batch} AND e.first", ct);
        var lost = Math.Abs(attendances - firsts) + Math.Abs(events - answered);
        Say($"database: {attendances:N0} attendances for {firsts:N0} first check-ins, {events:N0} events ({firstEvents:N0} first) for {answered:N0} answers; lost {lost}");

        var markdown = Report(started, machine, loadBefore, Machine.LoadAverage(), await _db.ServerVersionAsync(ct), baseline, checkIns,
            firsts, answered, attendances, events, lost);
        Console.WriteLine();
        Console.WriteLine(markdown);
        var path = Path.Combine(_paths.Results, $"checkin-{started:yyyy-MM-dd-HHmm}.md");
        await File.WriteAllTextAsync(path, markdown, ct);
        Say($"written to {Path.GetRelativePath(options.Root, path)}");
        Directory.Delete(temp, recursive: true);
        return lost == 0 && checkIns.Errors == 0 ? 0 : 1;
    }

    /// <summary>One request: when it started (from the start of the run), how long it took, whether it was a first check-in.</summary>
    private readonly record struct Sample(double StartMs, double LatencyMs, bool First);

    private sealed record Load(int Requests, int Errors, TimeSpan Elapsed, Sample[] Samples)
    {
        public double PerSecond => Requests / Elapsed.TotalSeconds;
        public double P(double q) => Percentile(Samples.Select(s => s.LatencyMs), q);

        /// <summary>p50, p99 and the count of the requests that <paramref name="where"/> selects.</summary>
        public (int Count, double P50, double P99) Of(Func<Sample, bool> where)
        {
            var part = Samples.Where(where).Select(s => s.LatencyMs).ToArray();
            return (part.Length, Percentile(part, 0.5), Percentile(part, 0.99));
        }

        private static double Percentile(IEnumerable<double> values, double q)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        }
    }

    /// <summary>Clients that each send one request after another until the time is up; every latency is kept.</summary>
    private static async Task<Load> LoadAsync(int clients, TimeSpan duration, Func<int, CancellationToken, Task<(bool Ok, bool First)>> send, CancellationToken ct)
    {
        var samples = new List<Sample>[clients];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = samples[c] = new List<Sample>(4096);
            while (clock.Elapsed < duration && !ct.IsCancellationRequested)
            {
                var startMs = clock.Elapsed.TotalMilliseconds;
                var start = Stopwatch.GetTimestamp();
                (bool Ok, bool First) result;
                try
                {
                    result = await send(c, ct);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
                {
                    result = (false, false);
                }
                mine.Add(new Sample(startMs, Stopwatch.GetElapsedTime(start).TotalMilliseconds, result.First));
                if (!result.Ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(workers);
        clock.Stop();
        var all = samples.SelectMany(l => l).ToArray();
        return new Load(all.Length, errors, clock.Elapsed, all);
    }

    private static string Describe(Load l) =>
        $"{l.Requests:N0} requests, {l.PerSecond:N0}/s, p50 {l.P(0.5):N1} ms, p99 {l.P(0.99):N1} ms, errors {l.Errors}";

    private string Report(DateTimeOffset started, Machine m, string loadBefore, string loadAfter, string postgres, Load baseline, Load checkIns,
        int firsts, int answered, long attendances, long events, long lost)
    {
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');
        string Ms(double v) => v.ToString("N1", En) + " ms";
        string N(double v) => v.ToString("N0", En);
        string X(double v) => v.ToString("N1", En) + "×";
        Line($"# Check-in benchmark, {started:yyyy-MM-dd HH:mm} UTC");
        Line();
        Line($"- Machine: {m.Cpus} CPUs ({m.CpuModel}), {m.MemoryGiB.ToString("N1", En)} GiB RAM, {m.Os}");
        Line($"- Software: {m.Runtime}, PostgreSQL {postgres}; app: Release build, ASPNETCORE_ENVIRONMENT=Production, CheckIn__PerIpPerMinute raised for the bench");
        Line($"- Load average (1 min) at start {loadBefore}, at end {loadAfter}; the bench client runs on the same machine as the app and PostgreSQL");
        Line($"- {N(options.People)} people registered in one batch (through the import API, then ANALYZE as autovacuum would); {options.Clients} concurrent clients; check-in for {options.Seconds} s, baseline for {options.BaselineSeconds} s");
        Line();
        Line("| | requests | per second | p50 | p99 | errors |");
        Line("|---|---:|---:|---:|---:|---:|");
        Line($"| baseline: GET /health/live | {N(baseline.Requests)} | {N(baseline.PerSecond)} | {Ms(baseline.P(0.5))} | {Ms(baseline.P(0.99))} | {baseline.Errors} |");
        Line($"| POST /api/v1/check-in | {N(checkIns.Requests)} | {N(checkIns.PerSecond)} | {Ms(checkIns.P(0.5))} | {Ms(checkIns.P(0.99))} | {checkIns.Errors} |");
        Line($"| ratio check-in / baseline | | {(checkIns.PerSecond / baseline.PerSecond).ToString("N2", En)} | {X(checkIns.P(0.5) / baseline.P(0.5))} | {X(checkIns.P(0.99) / baseline.P(0.99))} | |");
        Line();
        Line("Where the time went, the same check-ins split two ways:");
        Line();
        Line("| check-ins | requests | p50 | p99 |");
        Line("|---|---:|---:|---:|");
        foreach (var (label, where) in new (string, Func<Sample, bool>)[]
                 {
                     ("first check-ins (each changes a figure)", x => x.First),
                     ("repeats (first: false)", x => !x.First),
                     ("started in the first 5 s", x => x.StartMs < 5000),
                     ("started after 5 s", x => x.StartMs >= 5000),
                 })
        {
            var (count, p50, p99) = checkIns.Of(where);
            Line($"| {label} | {N(count)} | {Ms(p50)} | {Ms(p99)} |");
        }
        Line();
        Line($"- First check-ins answered: {N(firsts)} (of {N(options.People)} people); repeats answered first:false: {N(answered - firsts)}");
        Line($"- In PostgreSQL: {N(attendances)} CHECK_IN attendances, {N(events)} check-in events; lost: **{lost}**");
        Line($"- Goal p99 ≤ 500 ms: {(checkIns.P(0.99) <= 500 ? "met" : "**missed**")}; goal 0 lost: {(lost == 0 ? "met" : "**missed**")}; errors: {checkIns.Errors}");
        return sb.ToString();
    }

    private static void Say(string text) => BenchPaths.Say(text);
}

internal sealed record CheckInBenchOptions(string Root, string Database, int People, int Clients, int Seconds, int BaselineSeconds);
