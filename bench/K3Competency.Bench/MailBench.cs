using System.Diagnostics;
using System.Globalization;
using System.Text;
using K3Competency.Testing;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace K3Competency.Bench;

internal sealed record MailBenchOptions(string Root, string Database, int Mails);

/// <summary>
/// The bench of the certificate mail (issue 14): a batch of certificates e-mailed by the real app (the
/// Release build as its own process, throttling off) through the job engine to a local smtp4dev, timed from
/// the send request to the last mail recorded as sent, with the app's peak memory. The baseline, in the same
/// run, hands the very same messages (read back from the server) to a fresh smtp4dev straight through
/// MailKit over one connection: what the mail server itself costs, so the figure is a ratio.
/// </summary>
internal sealed class MailBench(MailBenchOptions options)
{
    private const string Institution = BenchFiles.Institution;
    private static readonly DateOnly FirstDay = BenchFiles.FirstDay;
    private static readonly CultureInfo En = CultureInfo.InvariantCulture;

    private readonly BenchDatabase _db = new(options.Database);
    private readonly BenchPaths _paths = new(options.Root);
    private int _appStarts;

    private sealed class Figures
    {
        public Machine Machine { get; init; } = null!;
        public DateTimeOffset Started { get; init; }
        public string LoadBefore { get; init; } = "";
        public string LoadAfter { get; set; } = "";
        public string PostgreSql { get; set; } = "";
        public TimeSpan SetUp { get; set; }
        public int Queued { get; set; }
        public TimeSpan Ours { get; set; }
        public TimeSpan FirstSent { get; set; }
        public int Sent { get; set; }
        public int Failed { get; set; }
        public int Received { get; set; }
        public int Recipients { get; set; }
        public long RssAtStart { get; set; }
        public long PeakAtStart { get; set; }
        public long PeakAfter { get; set; }
        public List<(TimeSpan At, long Rss)> Rss { get; } = [];
        public long AverageBytes { get; set; }
        public TimeSpan Baseline { get; set; }
        public int BaselineReceived { get; set; }
    }

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (!File.Exists(_paths.WebDll))
        {
            Console.Error.WriteLine($"{_paths.WebDll} is missing: build it first (dotnet build src/K3Competency.Web -c Release), or run ./k3 bench mail.");
            return 1;
        }
        var machine = Machine.Describe();
        var f = new Figures { Machine = machine, Started = DateTimeOffset.UtcNow, LoadBefore = Machine.LoadAverage() };
        Say($"{machine.Cpus} CPUs ({machine.CpuModel}), {machine.MemoryGiB:N1} GiB, {machine.Os}, {machine.Runtime}; load {f.LoadBefore}");
        var data = Path.Combine(_paths.Results, "data");
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(_paths.AppTemp);
        try
        {
            Say($"recreating database {_db.Name}");
            await _db.RecreateAsync(ct);
            f.PostgreSql = await _db.ServerVersionAsync(ct);

            await using var server = await Smtp4dev.StartAsync(ct);
            Say($"smtp4dev {Smtp4dev.ToolVersion}: SMTP on 127.0.0.1:{server.SmtpPort}, web {server.WebAddress}");

            var clock = Stopwatch.StartNew();
            var batchId = await SetUpAsync(server, data, ct);
            f.SetUp = clock.Elapsed;

            // A fresh process for the sending, so its peak memory is the sending's alone.
            await using (var app = await StartAppAsync(server, ct))
            using (var api = await K3Api.LoginAsync(app, ct))
            {
                f.RssAtStart = app.RssBytes();
                f.PeakAtStart = app.PeakRssBytes();
                Say($"sending {options.Mails:N0} certificates (throttling off)");
                clock.Restart();
                f.Queued = await api.SendCertificatesAsync(batchId, ct);
                var firstSeen = false;
                while (true)
                {
                    var (total, queued, sent, failed) = await api.DeliveriesAsync(batchId, ct);
                    f.Rss.Add((clock.Elapsed, app.RssBytes()));
                    if (!firstSeen && sent > 0)
                    {
                        f.FirstSent = clock.Elapsed;
                        firstSeen = true;
                    }
                    if (total > 0 && queued == 0)
                    {
                        f.Ours = clock.Elapsed;
                        f.Sent = sent;
                        f.Failed = failed;
                        break;
                    }
                    if (clock.Elapsed > TimeSpan.FromMinutes(30))
                    {
                        throw new TimeoutException($"{queued:N0} mails still queued after 30 minutes.");
                    }
                    await Task.Delay(1000, ct);
                }
                f.PeakAfter = app.PeakRssBytes();
                Say($"  {f.Sent:N0} sent, {f.Failed:N0} failed in {f.Ours.TotalSeconds:N1} s; peak RSS {f.PeakAfter / 1048576.0:N0} MiB");
            }

            var received = await server.MessagesAsync(ct: ct);
            f.Received = received.Count;
            f.Recipients = received.SelectMany(m => m.To).Distinct(StringComparer.OrdinalIgnoreCase).Count();

            Say("baseline: reading the same messages back from the server");
            var messages = new List<MimeMessage>(received.Count);
            long bytes = 0;
            foreach (var summary in received)
            {
                var message = await server.MessageAsync(summary.Id, ct);
                using var size = new MemoryStream();
                await message.WriteToAsync(size, ct);
                bytes += size.Length;
                messages.Add(message);
            }
            f.AverageBytes = messages.Count == 0 ? 0 : bytes / messages.Count;

            await using (var fresh = await Smtp4dev.StartAsync(ct))
            {
                Say($"baseline: {messages.Count:N0} messages straight through MailKit to a fresh smtp4dev");
                using var client = new SmtpClient();
                clock.Restart();
                await client.ConnectAsync("127.0.0.1", fresh.SmtpPort, SecureSocketOptions.None, ct);
                foreach (var message in messages)
                {
                    await client.SendAsync(message, ct);
                }
                await client.DisconnectAsync(true, ct);
                f.Baseline = clock.Elapsed;
                f.BaselineReceived = (await fresh.MessagesAsync(ct: ct)).Count;
                Say($"  {f.BaselineReceived:N0} received in {f.Baseline.TotalSeconds:N1} s");
            }
            foreach (var message in messages)
            {
                message.Dispose();
            }

            f.LoadAfter = Machine.LoadAverage();
            var markdown = Report(f);
            Console.WriteLine();
            Console.WriteLine(markdown);
            var path = Path.Combine(_paths.Results, $"mail-{f.Started:yyyy-MM-dd-HHmm}.md");
            await File.WriteAllTextAsync(path, markdown, ct);
            Say($"written to {Path.GetRelativePath(options.Root, path)}");
            return Correct(f) ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(_paths.AppTemp))
            {
                Directory.Delete(_paths.AppTemp, recursive: true);
            }
        }
    }

    private bool Correct(Figures f) =>
        f.Queued == options.Mails && f.Sent == options.Mails && f.Failed == 0 && f.Received == options.Mails && f.Recipients == options.Mails
        && f.BaselineReceived == options.Mails;

    /// <summary>A batch of <see cref="MailBenchOptions.Mails"/> completed registrations and their certificates, made through the API as Staff would.</summary>
    private async Task<int> SetUpAsync(Smtp4dev server, string data, CancellationToken ct)
    {
        var n = options.Mails;
        string registrations = Path.Combine(data, "mail-registrations.csv"), day1 = Path.Combine(data, "mail-attendance-1.csv"),
            day2 = Path.Combine(data, "mail-attendance-2.csv"), results = Path.Combine(data, "mail-results.csv");
        BenchFiles.WriteRegistrations(registrations, 0, n, Institution);
        BenchFiles.WriteAttendance(day1, 0, n, 1, FirstDay);
        BenchFiles.WriteAttendance(day2, 0, n, 2, FirstDay.AddDays(1));
        BenchFiles.WriteUniformResults(results, 0, n, 90);
        try
        {
            Say($"setting up {n:N0} completed registrations and their certificates through the API");
            await using var app = await StartAppAsync(server, ct);
            using var api = await K3Api.LoginAsync(app, ct);
            await api.CreateInstitutionAsync(Institution, ct);
            var programme = await api.CreateProgrammeAsync("BENCH-SURAT", FirstDay.Year, ct);
            var batch = await api.CreateBatchAsync(programme, 1, FirstDay, Institution, ct);
            foreach (var (kind, file) in new[] { ("registrations", registrations), ("attendance", day1), ("attendance", day2), ("results", results) })
            {
                var (report, _) = await api.ImportAsync(kind, batch, file, ct);
                if (!report.Committed || report.Rejected > 0)
                {
                    throw new InvalidOperationException($"The {kind} import was not committed whole: {report.Rejected} rejected.");
                }
            }
            var issued = await api.IssueCertificatesAsync(batch, ct);
            if (issued != n)
            {
                throw new InvalidOperationException($"{issued:N0} certificates issued, expected {n:N0}.");
            }
            return batch;
        }
        finally
        {
            foreach (var file in new[] { registrations, day1, day2, results })
            {
                File.Delete(file);
            }
        }
    }

    private async Task<AppProcess> StartAppAsync(Smtp4dev server, CancellationToken ct)
    {
        var log = _paths.Log($"mail-app-{++_appStarts}.log");
        var app = await AppProcess.StartAsync(_paths.WebDll, _paths.WebRoot, _paths.AppTemp, _db.ConnectionString, log,
            new Dictionary<string, string>
            {
                ["Smtp__Host"] = "127.0.0.1",
                ["Smtp__Port"] = server.SmtpPort.ToString(En),
                ["Delivery__PerMinute"] = "0",
            }, ct);
        Say($"app #{_appStarts} ready (pid {app.Pid}, {app.BaseAddress})");
        return app;
    }

    private string Report(Figures f)
    {
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');
        string N(double v) => v.ToString("N0", En);
        string S(TimeSpan t) => t.TotalSeconds.ToString("N1", En) + " s";
        string Mb(long b) => (b / 1024.0 / 1024.0).ToString("N0", En) + " MiB";
        var ratio = f.Ours / f.Baseline;

        Line($"# Certificate mail benchmark, {f.Started:yyyy-MM-dd HH:mm} UTC");
        Line();
        Line($"- Machine: {f.Machine.Cpus} CPUs ({f.Machine.CpuModel}), {f.Machine.MemoryGiB.ToString("N1", En)} GiB RAM, {f.Machine.Os}");
        Line($"- Software: {f.Machine.Runtime}, PostgreSQL {f.PostgreSql}, smtp4dev {Smtp4dev.ToolVersion} (in-memory store) on the same machine; app: Release build, ASPNETCORE_ENVIRONMENT=Production, Delivery__PerMinute=0, default workers");
        Line($"- Load average (1 min) at start {f.LoadBefore}, at end {f.LoadAfter}");
        Line($"- {N(options.Mails)} completed registrations with certificates, set up through the API in {S(f.SetUp)}; each mail {N(f.AverageBytes / 1024.0)} KiB on average (text, HTML and the certificate PDF)");
        Line();
        Line("| Step | Mails | Time | Mails/s | Ratio | Goal |");
        Line("|---|---:|---:|---:|---:|---|");
        Line($"| Baseline: the same messages straight through MailKit, one connection, to a fresh smtp4dev | {N(f.BaselineReceived)} | {S(f.Baseline)} | {N(f.BaselineReceived / f.Baseline.TotalSeconds)} | 1.0 | |");
        Line($"| Ours: send request → every mail recorded as sent (job engine, PDF rendered per mail, claims in PostgreSQL) | {N(f.Sent)} | {S(f.Ours)} | {N(f.Sent / f.Ours.TotalSeconds)} | {ratio.ToString("N1", En)} | ≤ 5 min: {(f.Ours <= TimeSpan.FromMinutes(5) ? "met" : "**missed**")} |");
        Line();
        Line($"- First mail recorded as sent {S(f.FirstSent)} after the request; {N(f.Queued)} queued, {N(f.Sent)} sent, {N(f.Failed)} failed.");
        Line($"- The server holds {N(f.Received)} messages for {N(f.Recipients)} distinct recipients (each once: {(f.Received == f.Recipients ? "yes" : "**no**")}).");
        Line($"- App memory: RSS {Mb(f.RssAtStart)} after start and login (peak so far {Mb(f.PeakAtStart)}); peak (VmHWM) after the run **{Mb(f.PeakAfter)}**.");
        Line($"- RSS during the run, highest in each tenth of it (MiB, sampled every second): {ImportPhases.RssByTenth(f.Rss)}");
        Line($"- Result: **{(Correct(f) ? "PASS" : "FAIL")}**");
        return sb.ToString();
    }

    private static void Say(string text) => BenchPaths.Say(text);
}
