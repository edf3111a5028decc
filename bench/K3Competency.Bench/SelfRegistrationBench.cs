using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using K3Competency.Testing;

namespace K3Competency.Bench;

internal sealed record SelfRegistrationBenchOptions(string Root, string Database, int Requests, int Seconds);

/// <summary>
/// The bench of self-registration (issue 15): <see cref="SelfRegistrationBenchOptions.Requests"/> applications arriving
/// at an even pace over <see cref="SelfRegistrationBenchOptions.Seconds"/> through the public endpoint of the real app
/// (Release build, its own process), each a new person. Requests start on schedule whether or not earlier ones have
/// answered (open loop), and each latency counts from its scheduled start, so a stall is not hidden. None may be lost:
/// every application must be in the database as MENUNGGU and its mail must reach smtp4dev. The baseline, in the same
/// run and at the same pace, is the app's own liveness endpoint: what HTTP and the machine cost, so p99 is a ratio.
/// </summary>
internal sealed class SelfRegistrationBench(SelfRegistrationBenchOptions options)
{
    private const string Institution = BenchFiles.Institution;
    private static readonly CultureInfo En = CultureInfo.InvariantCulture;

    private readonly BenchDatabase _db = new(options.Database);
    private readonly BenchPaths _paths = new(options.Root);

    private sealed record Run(TimeSpan Elapsed, List<double> Millis, int Answered, int Expected, int Other, string? FirstOther);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (!File.Exists(_paths.WebDll))
        {
            Console.Error.WriteLine($"{_paths.WebDll} is missing: build it first, or run ./k3 bench selfreg.");
            return 1;
        }
        var machine = Machine.Describe();
        var started = DateTimeOffset.UtcNow;
        var loadBefore = Machine.LoadAverage();
        Say($"{machine.Cpus} CPUs ({machine.CpuModel}), {machine.MemoryGiB:N1} GiB, {machine.Os}, {machine.Runtime}; load {loadBefore}");
        Directory.CreateDirectory(_paths.AppTemp);
        try
        {
            Say($"recreating database {_db.Name}");
            await _db.RecreateAsync(ct);
            var postgres = await _db.ServerVersionAsync(ct);
            await using var server = await Smtp4dev.StartAsync(ct);
            Say($"smtp4dev {Smtp4dev.ToolVersion}: SMTP on 127.0.0.1:{server.SmtpPort}");
            await using var app = await AppProcess.StartAsync(_paths.WebDll, _paths.WebRoot, _paths.AppTemp, _db.ConnectionString,
                _paths.Log("selfreg-app.log"), new Dictionary<string, string>
                {
                    ["Smtp__Host"] = "127.0.0.1",
                    ["Smtp__Port"] = server.SmtpPort.ToString(En),
                    // One bench client is one address; the limit itself is tested in the integration tests.
                    ["SelfService__PerIpPerMinute"] = "1000000",
                }, ct);
            Say($"app ready (pid {app.Pid}, {app.BaseAddress})");
            int batchId;
            using (var api = await K3Api.LoginAsync(app, ct))
            {
                await api.CreateInstitutionAsync(Institution, ct);
                var programme = await api.CreateProgrammeAsync("BENCH-DAFTAR", BenchFiles.FirstDay.Year, ct);
                batchId = await api.CreateBatchAsync(programme, 1, BenchFiles.FirstDay, Institution, ct, status: "REGISTRATION_OPEN");
            }

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            // Warm both paths a little, so the first requests do not measure JIT compilation alone.
            for (var i = 0; i < 20; i++)
            {
                using var _ = await http.GetAsync("health/live", ct);
            }

            Say($"baseline: {options.Requests:N0} GET /health/live over {options.Seconds} s");
            var baseline = await PacedAsync(i => http.GetAsync("health/live", ct), HttpStatusCode.OK, ct);
            Say($"  p99 {Percentile(baseline.Millis, 99):N1} ms");

            Say($"ours: {options.Requests:N0} applications over {options.Seconds} s through POST /api/v1/public/batches/{batchId}/registrations");
            var ours = await PacedAsync(i => http.PostAsJsonAsync($"api/v1/public/batches/{batchId}/registrations", new
            {
                nik = Nik(i), fullName = $"Pendaftar Bench {i:D5}", email = $"daftar{i:D5}@bench.k3.local", category = "AHLI_K3",
                expertiseField = "UMUM", attendanceMode = "DARING", institutionCode = Institution,
            }, ct), HttpStatusCode.Accepted, ct);
            Say($"  {ours.Answered:N0} answered 202, p99 {Percentile(ours.Millis, 99):N1} ms");

            var stored = await _db.CountAsync($"SELECT count(*) FROM registrations WHERE batch_id = {batchId} AND status = 'MENUNGGU' AND source = 'SELF'", ct);
            var clock = Stopwatch.StartNew();
            int mails;
            while (true)
            {
                mails = (await server.MessagesAsync("menunggu verifikasi", ct)).Count;
                if (mails >= options.Requests || clock.Elapsed > TimeSpan.FromMinutes(5))
                {
                    break;
                }
                await Task.Delay(1000, ct);
            }
            var mailsAfter = clock.Elapsed;
            Say($"  {stored:N0} stored as MENUNGGU; {mails:N0} mails received ({mailsAfter.TotalSeconds:N0} s after the last answer)");

            var markdown = Report(machine, started, loadBefore, Machine.LoadAverage(), postgres, baseline, ours, stored, mails, mailsAfter);
            Console.WriteLine();
            Console.WriteLine(markdown);
            Directory.CreateDirectory(_paths.Results);
            var path = Path.Combine(_paths.Results, $"selfreg-{started:yyyy-MM-dd-HHmm}.md");
            await File.WriteAllTextAsync(path, markdown, ct);
            Say($"written to {Path.GetRelativePath(options.Root, path)}");
            return Pass(ours, stored, mails) ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(_paths.AppTemp))
            {
                Directory.Delete(_paths.AppTemp, recursive: true);
            }
        }
    }

    private bool Pass(Run ours, long stored, int mails) =>
        ours.Answered == options.Requests && stored == options.Requests && mails == options.Requests && Percentile(ours.Millis, 99) <= 1000;

    /// <summary>A valid NIK per applicant (DESIGN §5.1): DKI Jakarta, a birth day that moves every 9.999 people, a running number.</summary>
    private static string Nik(int i)
    {
        var born = new DateOnly(1980, 1, 1).AddDays(i / 9999);
        return $"317101{born:ddMMyy}{i % 9999 + 1:D4}";
    }

    /// <summary>Starts request i at i × (seconds / requests) from the start, without waiting for earlier answers.</summary>
    private async Task<Run> PacedAsync(Func<int, Task<HttpResponseMessage>> send, HttpStatusCode expected, CancellationToken ct)
    {
        var n = options.Requests;
        var gap = TimeSpan.FromSeconds(options.Seconds) / n;
        var millis = new double[n];
        var codes = new HttpStatusCode[n];
        string? firstOther = null;
        var clock = Stopwatch.StartNew();
        var tasks = new List<Task>(n);
        for (var i = 0; i < n; i++)
        {
            var due = gap * i;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    using var response = await send(index);
                    codes[index] = response.StatusCode;
                    if (response.StatusCode != expected)
                    {
                        Interlocked.CompareExchange(ref firstOther, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}", null);
                    }
                }
                catch (HttpRequestException e)
                {
                    Interlocked.CompareExchange(ref firstOther, e.Message, null);
                }
                catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
                {
                    Interlocked.CompareExchange(ref firstOther, "timeout: " + e.Message, null);
                }
                millis[index] = (clock.Elapsed - due).TotalMilliseconds;
            }, ct));
        }
        await Task.WhenAll(tasks);
        var answered = codes.Count(c => c == expected);
        return new Run(clock.Elapsed, [.. millis], answered, n, n - answered, firstOther);
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private string Report(Machine machine, DateTimeOffset started, string loadBefore, string loadAfter, string postgres, Run baseline, Run ours,
        long stored, int mails, TimeSpan mailsAfter)
    {
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');
        string Ms(double v) => v.ToString("N1", En) + " ms";
        string Row(string name, Run r) =>
            $"| {name} | {r.Answered.ToString("N0", En)} / {r.Expected.ToString("N0", En)} | {(r.Elapsed.TotalSeconds).ToString("N1", En)} s | {Ms(Percentile(r.Millis, 50))} | {Ms(Percentile(r.Millis, 95))} | {Ms(Percentile(r.Millis, 99))} | {Ms(r.Millis.Count == 0 ? 0 : r.Millis.Max())} |";
        var p99 = Percentile(ours.Millis, 99);
        var ratio = p99 / Math.Max(0.001, Percentile(baseline.Millis, 99));

        Line($"# Self-registration benchmark, {started:yyyy-MM-dd HH:mm} UTC");
        Line();
        Line($"- Machine: {machine.Cpus} CPUs ({machine.CpuModel}), {machine.MemoryGiB.ToString("N1", En)} GiB RAM, {machine.Os}");
        Line($"- Software: {machine.Runtime}, PostgreSQL {postgres}, smtp4dev {Smtp4dev.ToolVersion} on the same machine; app: Release build, ASPNETCORE_ENVIRONMENT=Production");
        Line($"- Load average (1 min) at start {loadBefore}, at end {loadAfter}");
        Line($"- {options.Requests.ToString("N0", En)} requests at an even pace over {options.Seconds} s, open loop (latency from each request's scheduled start)");
        Line();
        Line("| Run | Answered as expected | Wall time | p50 | p95 | p99 | max |");
        Line("|---|---:|---:|---:|---:|---:|---:|");
        Line(Row("Baseline: GET /health/live (200)", baseline));
        Line(Row("Ours: POST /api/v1/public/batches/{id}/registrations (202), each a new person", ours));
        Line();
        Line($"- p99 ratio ours / baseline: {ratio.ToString("N1", En)}; goal p99 ≤ 1 s: {(p99 <= 1000 ? "met" : "**missed**")}");
        Line($"- Stored as MENUNGGU (source SELF): {stored.ToString("N0", En)}; mails at smtp4dev: {mails.ToString("N0", En)} ({mailsAfter.TotalSeconds.ToString("N0", En)} s after the last answer); lost: {(options.Requests - Math.Min(stored, mails)).ToString("N0", En)}");
        if (ours.FirstOther is not null || baseline.FirstOther is not null)
        {
            Line($"- First unexpected answer: {ours.FirstOther ?? baseline.FirstOther}");
        }
        Line($"- Result: **{(Pass(ours, stored, mails) ? "PASS" : "FAIL")}**");
        return sb.ToString();
    }

    private static void Say(string text) => BenchPaths.Say(text);
}
