using System.Diagnostics;
using System.Globalization;
using System.Text;
using K3Competency.Testing;

namespace K3Competency.Bench;

/// <summary>
/// The bench of the bulk-import issues: throughput against PostgreSQL's own COPY, peak memory of a small and
/// a ten times larger file, and what a SIGKILL in the middle of an import leaves behind. The app under test
/// is the Release build of K3Competency.Web, a separate process reached over HTTP only.
/// </summary>
internal sealed class ImportBench(ImportBenchOptions options)
{
    private const string Institution = BenchFiles.Institution;
    private static readonly DateOnly FirstDay = BenchFiles.FirstDay;
    private static readonly CultureInfo En = CultureInfo.InvariantCulture;

    private readonly BenchDatabase _db = new(options.Database);
    private readonly BenchPaths _paths = new(options.Root);
    private int _appStarts;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (!File.Exists(_paths.WebDll))
        {
            Console.Error.WriteLine($"{_paths.WebDll} is missing: build it first (dotnet build src/K3Competency.Web -c Release), or run ./k3 bench import.");
            return 1;
        }
        var started = DateTimeOffset.UtcNow;
        var machine = Machine.Describe();
        var loadBefore = Machine.LoadAverage();
        Say($"{machine.Cpus} CPUs ({machine.CpuModel}), {machine.MemoryGiB:N1} GiB, {machine.Os}, {machine.Runtime}; load {loadBefore}");

        var data = _paths.Data;
        Directory.CreateDirectory(data);
        if (Directory.Exists(_paths.AppTemp))
        {
            Directory.Delete(_paths.AppTemp, recursive: true);
        }
        Directory.CreateDirectory(_paths.AppTemp);
        var files = new BenchFileSet(data, options);
        try
        {
            Say($"recreating database {_db.Name}");
            await _db.RecreateAsync(ct);
            var figures = new Figures { Machine = machine, Started = started, LoadBefore = loadBefore, PostgreSql = await _db.ServerVersionAsync(ct) };

            figures.Generation = Time(() => files.Generate());
            Say($"generated the files in {figures.Generation.TotalSeconds:N1} s");

            Say("baseline: COPY of the registration file");
            figures.CopyRegistrations = await _db.CopyBaselineAsync("bench_raw_registrations", BenchFiles.RegistrationHeader, files.Small, ct);
            Say("baseline: COPY of the attendance file");
            figures.CopyAttendance = await _db.CopyBaselineAsync("bench_raw_attendance", BenchFiles.AttendanceHeader, files.Attendance, ct);

            var batches = await SetUpAsync(ct);

            // Fresh process: the peak RSS after the import belongs to this import alone.
            await using (var app = await StartAppAsync(ct))
            using (var api = await K3Api.LoginAsync(app, ct))
            {
                figures.StartPeakSmall = app.PeakRssBytes();
                Say($"ours: {options.Small:N0} registrations over HTTP (first import of a fresh process)");
                figures.OursRegistrations = await MeasureAsync(app, api, "registrations", batches.Small, files.Small, options.Small, ct);
                figures.PeakSmall = app.PeakRssBytes();
                Say($"ours: {options.Small:N0} attendance rows over HTTP");
                figures.OursAttendance = await MeasureAsync(app, api, "attendance", batches.Small, files.Attendance, options.Small, ct);
                // A server imports many files; its later imports run compiled, tuned code. Same size, new people.
                Say($"ours: another {options.Small:N0} registrations over HTTP (warm process)");
                figures.OursWarm = await MeasureAsync(app, api, "registrations", batches.Warm, files.Warm, options.Small, ct);
            }

            await using (var app = await StartAppAsync(ct))
            using (var api = await K3Api.LoginAsync(app, ct))
            {
                figures.StartPeakLarge = app.PeakRssBytes();
                Say($"ours: {options.Large:N0} registrations over HTTP (fresh process)");
                figures.OursLarge = await MeasureAsync(app, api, "registrations", batches.Large, files.Large, options.Large, ct);
                figures.PeakLarge = app.PeakRssBytes();
            }

            figures.Kill = await KillSafetyAsync(batches.Kill, files.KillFile, figures.OursRegistrations.Elapsed, ct);
            figures.LoadAfter = Machine.LoadAverage();
            figures.Files = files;

            var markdown = Report(figures);
            Console.WriteLine();
            Console.WriteLine(markdown);
            var path = Path.Combine(_paths.Results, $"import-{started:yyyy-MM-dd-HHmm}.md");
            await File.WriteAllTextAsync(path, markdown, ct);
            Say($"written to {Path.GetRelativePath(options.Root, path)}");
            return figures.Kill.Passed ? 0 : 1;
        }
        finally
        {
            if (!options.KeepFiles)
            {
                files.Delete();
                // Every app process has ended by now; what they left is the runtime's diagnostics sockets.
                Directory.Delete(_paths.AppTemp, recursive: true);
            }
        }
    }

    /// <summary>The institution, programme and batches the imports go into, made through the API as a user would.</summary>
    private async Task<(int Small, int Large, int Kill, int Warm)> SetUpAsync(CancellationToken ct)
    {
        Say("creating institution, programme and batches through the API");
        await using var app = await StartAppAsync(ct);
        using var api = await K3Api.LoginAsync(app, ct);
        await api.CreateInstitutionAsync(Institution, ct);
        var programme = await api.CreateProgrammeAsync("BENCH-IMPOR", FirstDay.Year, ct);
        return (await api.CreateBatchAsync(programme, 1, FirstDay, Institution, ct),
            await api.CreateBatchAsync(programme, 2, FirstDay.AddDays(7), Institution, ct),
            await api.CreateBatchAsync(programme, 3, FirstDay.AddDays(14), Institution, ct),
            await api.CreateBatchAsync(programme, 4, FirstDay.AddDays(21), Institution, ct));
    }

    /// <summary>
    /// SIGKILL the app about halfway through an import, then check in PostgreSQL that nothing of the file
    /// arrived; a fresh app then takes the same file whole.
    /// </summary>
    private async Task<KillFigures> KillSafetyAsync(int batchId, string file, TimeSpan smallElapsed, CancellationToken ct)
    {
        var result = new KillFigures { Rows = options.Kill };
        result.KillAfter = TimeSpan.FromSeconds(Math.Max(1.0, smallElapsed.TotalSeconds * options.Kill / options.Small * 0.5));
        Say($"kill safety: {options.Kill:N0} registrations, SIGKILL after {result.KillAfter.TotalSeconds:N1} s");
        await using (var app = await StartAppAsync(ct))
        using (var api = await K3Api.LoginAsync(app, ct))
        {
            var clock = Stopwatch.StartNew();
            var upload = api.ImportAsync("registrations", batchId, file, ct);
            string? phase = null;
            while (clock.Elapsed < result.KillAfter && !upload.IsCompleted)
            {
                phase = await _db.AppActiveQueryAsync(ct) ?? phase;
                await Task.Delay(100, ct);
            }
            if (upload.IsCompleted)
            {
                result.Note = $"the import finished after {clock.Elapsed.TotalSeconds:N1} s, before the kill; nothing was tested";
                Say(result.Note);
                return result;
            }
            phase = await _db.AppActiveQueryAsync(ct) ?? phase;
            app.Kill();
            result.KilledAt = clock.Elapsed;
            result.Phase = ImportPhases.Classify(phase);
            try
            {
                await upload;
                result.Note = "the upload answered although the app was killed";
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                // The connection died with the process, as it should.
            }
        }
        result.SessionsGoneAfter = await _db.WaitForAppSessionsGoneAsync(TimeSpan.FromMinutes(10), ct);
        result.AfterKill = await _db.FileFootprintAsync(batchId, file, ct);
        result.LeftOnDisk = LeftInAppTemp();
        Say($"after the kill ({result.Phase}): {result.AfterKill.Registrations:N0} registrations, {result.AfterKill.Participants:N0} participants of the file, {result.LeftOnDisk.Files} files left in the app's temp folder");

        await using (var app = await StartAppAsync(ct))
        using (var api = await K3Api.LoginAsync(app, ct))
        {
            result.Reupload = await api.ImportAsync("registrations", batchId, file, ct);
        }
        result.AfterReupload = await _db.FileFootprintAsync(batchId, file, ct);
        Say($"re-upload: {result.Reupload.Report.Inserted:N0} inserted; {result.AfterReupload.Registrations:N0} registrations in the batch");
        return result;
    }

    /// <summary>
    /// Files in the app's temp folder, but for the runtime's diagnostics sockets (which a killed .NET process
    /// leaves too, empty): anything else would be a copy of an upload.
    /// </summary>
    private (int Files, long Bytes) LeftInAppTemp()
    {
        var files = new DirectoryInfo(_paths.AppTemp).GetFiles()
            .Where(f => !f.Name.StartsWith("dotnet-diagnostic-", StringComparison.Ordinal) && !f.Name.StartsWith("clr-debug-pipe-", StringComparison.Ordinal))
            .ToList();
        return (files.Count, files.Sum(f => f.Length));
    }

    private async Task<AppProcess> StartAppAsync(CancellationToken ct)
    {
        var log = _paths.Log($"app-{++_appStarts}.log");
        // The bench uploads files far over the 20 MB default; Kestrel's body limit follows this setting.
        var app = await AppProcess.StartAsync(_paths.WebDll, _paths.WebRoot, _paths.AppTemp, _db.ConnectionString, log,
            new Dictionary<string, string> { ["Imports__MaxFileBytes"] = "500000000" }, ct);
        Say($"app #{_appStarts} ready (pid {app.Pid}, {app.BaseAddress})");
        return app;
    }

    /// <summary>
    /// One import, timed by the client and watched from the database side. Every generated row is valid, so
    /// anything but a clean commit of all of them is a failure of the run.
    /// </summary>
    private async Task<Measured> MeasureAsync(AppProcess app, K3Api api, string kind, int batchId, string file, int rows, CancellationToken ct)
    {
        var upload = api.ImportAsync(kind, batchId, file, ct);
        var (phases, rss) = await ImportPhases.SampleAsync(_db, app, upload, ct);
        var result = new Measured((await upload).Report, (await upload).Elapsed, phases, rss);
        var r = result.Report;
        if (r.Rows != rows || r.Inserted != rows || r.Rejected != 0 || !r.Committed)
        {
            var first = string.Join("; ", r.Errors.Take(3).Select(e => $"row {e.Row} {e.Column}: {e.Message}"));
            throw new InvalidOperationException($"Expected {rows} rows inserted; the report says rows {r.Rows}, inserted {r.Inserted}, rejected {r.Rejected}, committed {r.Committed}. {first}");
        }
        Say($"  {rows:N0} rows in {result.Elapsed.TotalSeconds:N1} s ({rows / result.Elapsed.TotalSeconds:N0} rows/s): {ImportPhases.Describe(phases)}");
        return result;
    }

    private static TimeSpan Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed;
    }

    private static void Say(string text) => BenchPaths.Say(text);

    private string Report(Figures f)
    {
        var o = options;
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');
        string N(double v) => v.ToString("N0", En);
        string S(TimeSpan t) => t.TotalSeconds.ToString("N1", En) + " s";
        string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString(bytes < 10 << 20 ? "N1" : "N0", En) + " MiB";
        string Pct(double v) => (v * 100).ToString("N1", En) + " %";
        static double Rate(long rows, TimeSpan t) => rows / t.TotalSeconds;
        string Met(bool ok) => ok ? "met" : "**missed**";

        var copyReg = Rate(f.CopyRegistrations.Rows, f.CopyRegistrations.Elapsed);
        var copyAtt = Rate(f.CopyAttendance.Rows, f.CopyAttendance.Elapsed);
        var oursCold = Rate(o.Small, f.OursRegistrations.Elapsed);
        var oursReg = Rate(o.Small, f.OursWarm.Elapsed);
        var oursAtt = Rate(o.Small, f.OursAttendance.Elapsed);
        var oursLarge = Rate(o.Large, f.OursLarge.Elapsed);
        var memRatio = (double)f.PeakLarge / f.PeakSmall;
        var k = f.Kill;

        Line($"# Import benchmark, {f.Started:yyyy-MM-dd HH:mm} UTC");
        Line();
        Line($"- Machine: {f.Machine.Cpus} CPUs ({f.Machine.CpuModel}), {f.Machine.MemoryGiB.ToString("N1", En)} GiB RAM, {f.Machine.Os}");
        Line($"- Software: {f.Machine.Runtime}, PostgreSQL {f.PostgreSql}; app: Release build, ASPNETCORE_ENVIRONMENT=Production, default GC settings");
        Line($"- Load average (1 min) at start {f.LoadBefore}, at end {f.LoadAfter}");
        Line($"- Files: registrations {N(o.Small)} rows ({Mb(f.Files!.SmallBytes)}; two such files of different people), {N(o.Large)} rows ({Mb(f.Files.LargeBytes)}), {N(o.Kill)} rows ({Mb(f.Files.KillBytes)}); attendance {N(o.Small)} rows ({Mb(f.Files.AttendanceBytes)}); generated in {S(f.Generation)}");
        Line("- Every import: multipart upload streamed from disk, strict mode, committed; every row valid and new");
        Line();
        Line("## Throughput");
        Line();
        Line("| Step | Rows | Time | Rows/s | Share of COPY | Goal |");
        Line("|---|---:|---:|---:|---:|---|");
        Line($"| Baseline: `COPY … (FORMAT csv)` of the registration file into an unindexed table | {N(o.Small)} | {S(f.CopyRegistrations.Elapsed)} | {N(copyReg)} | 100 % | |");
        Line($"| Registration import over HTTP, first import of a fresh app process | {N(o.Small)} | {S(f.OursRegistrations.Elapsed)} | {N(oursCold)} | {Pct(oursCold / copyReg)} | |");
        Line($"| Registration import over HTTP, warm app process (new people, new batch) | {N(o.Small)} | {S(f.OursWarm.Elapsed)} | {N(oursReg)} | {Pct(oursReg / copyReg)} | ≥ 10 %: {Met(oursReg / copyReg >= 0.10)} |");
        Line($"| Baseline: `COPY … (FORMAT csv)` of the attendance file into an unindexed table | {N(o.Small)} | {S(f.CopyAttendance.Elapsed)} | {N(copyAtt)} | 100 % | |");
        Line($"| Attendance import over HTTP, warm app process | {N(o.Small)} | {S(f.OursAttendance.Elapsed)} | {N(oursAtt)} | {Pct(oursAtt / copyAtt)} | ≥ 10 %: {Met(oursAtt / copyAtt >= 0.10)} |");
        Line($"| Registration import over HTTP, fresh app process | {N(o.Large)} | {S(f.OursLarge.Elapsed)} | {N(oursLarge)} | {Pct(oursLarge / copyReg)} | |");
        Line();
        Line("Where the time of each import went, from the app's database session sampled every 100 ms:");
        Line();
        Line($"- {N(o.Small)} registrations, fresh process: {ImportPhases.Describe(f.OursRegistrations.Phases)}");
        Line($"- {N(o.Small)} registrations, warm process: {ImportPhases.Describe(f.OursWarm.Phases)}");
        Line($"- {N(o.Small)} attendance rows: {ImportPhases.Describe(f.OursAttendance.Phases)}");
        Line($"- {N(o.Large)} registrations: {ImportPhases.Describe(f.OursLarge.Phases)}");
        Line();
        Line("## Memory (peak RSS, VmHWM, of a freshly started app process)");
        Line();
        Line("| Import | Rows | Peak after start and login | Peak after the import |");
        Line("|---|---:|---:|---:|");
        Line($"| Registrations | {N(o.Small)} | {Mb(f.StartPeakSmall)} | {Mb(f.PeakSmall)} |");
        Line($"| Registrations | {N(o.Large)} | {Mb(f.StartPeakLarge)} | {Mb(f.PeakLarge)} |");
        Line();
        Line($"Ratio of the peaks, {N(o.Large)} / {N(o.Small)} rows: **{memRatio.ToString("N2", En)}** (goal ≤ 1.2: {Met(memRatio <= 1.2)}).");
        Line();
        Line("The app's RSS during each import, highest in each tenth of its time (MiB; sampled every 100 ms):");
        Line();
        Line($"- {N(o.Small)} registrations, fresh process: {ImportPhases.RssByTenth(f.OursRegistrations.Rss)}");
        Line($"- {N(o.Large)} registrations, fresh process: {ImportPhases.RssByTenth(f.OursLarge.Rss)}");
        Line();
        Line("## Kill safety");
        Line();
        if (k.KilledAt is null)
        {
            Line($"Not tested: {k.Note}. **FAIL**");
        }
        else
        {
            Line($"- {N(k.Rows)} registrations uploaded into a new batch; the app was SIGKILLed {S(k.KilledAt.Value)} after the upload began (planned {S(k.KillAfter)}), during: {k.Phase}.");
            Line($"- The killed app's database sessions were gone {S(k.SessionsGoneAfter)} later (a backend notices its dead client when its statement ends, then rolls back).");
            Line($"- After the kill: {N(k.AfterKill.Registrations)} registrations in the batch, {N(k.AfterKill.Participants)} participants with a NIK of the file, {N(k.AfterKill.CommittedUploads)} committed uploads; {N(k.LeftOnDisk.Files)} files ({Mb(k.LeftOnDisk.Bytes)}) left in the app's temp folder.");
            Line($"- The same file uploaded to a freshly started app: {N(k.Reupload.Report.Inserted)} inserted, {N(k.Reupload.Report.Rejected)} rejected in {S(k.Reupload.Elapsed)}; the batch then holds {N(k.AfterReupload.Registrations)} registrations and the database {N(k.AfterReupload.Participants)} participants of the file.");
            if (k.Note is not null)
            {
                Line($"- Note: {k.Note}.");
            }
            Line($"- Result: **{(k.Passed ? "PASS" : "FAIL")}**");
        }
        Line();
        Line("## Goals");
        Line();
        Line("| Goal | Measured | |");
        Line("|---|---|---|");
        Line($"| Registration import ≥ 10 % of COPY's rows/s | {Pct(oursReg / copyReg)} warm ({Pct(oursCold / copyReg)} as a fresh process's first import) | {Met(oursReg / copyReg >= 0.10)} |");
        Line($"| Attendance import ≥ 10 % of COPY's rows/s | {Pct(oursAtt / copyAtt)} | {Met(oursAtt / copyAtt >= 0.10)} |");
        Line($"| Peak memory, {N(o.Large)} rows / {N(o.Small)} rows ≤ 1.2 | {memRatio.ToString("N2", En)} | {Met(memRatio <= 1.2)} |");
        Line($"| SIGKILL mid-import leaves nothing; the re-upload takes every row | {(k.Passed ? "nothing left; all re-imported" : "see above")} | {Met(k.Passed)} |");
        return sb.ToString();
    }

    private sealed record Measured(ImportReport Report, TimeSpan Elapsed, IReadOnlyList<(string Phase, TimeSpan Time)> Phases, IReadOnlyList<(TimeSpan At, long Rss)> Rss);

    private sealed class Figures
    {
        public required Machine Machine { get; init; }
        public required DateTimeOffset Started { get; init; }
        public required string LoadBefore { get; init; }
        public required string PostgreSql { get; init; }
        public string LoadAfter { get; set; } = "?";
        public BenchFileSet? Files { get; set; }
        public TimeSpan Generation { get; set; }
        public (long Rows, TimeSpan Elapsed) CopyRegistrations { get; set; }
        public (long Rows, TimeSpan Elapsed) CopyAttendance { get; set; }
        public Measured OursRegistrations { get; set; } = null!;
        public Measured OursAttendance { get; set; } = null!;
        public Measured OursLarge { get; set; } = null!;
        public Measured OursWarm { get; set; } = null!;
        public long StartPeakSmall { get; set; }
        public long PeakSmall { get; set; }
        public long StartPeakLarge { get; set; }
        public long PeakLarge { get; set; }
        public KillFigures Kill { get; set; } = new();
    }

    private sealed class KillFigures
    {
        public int Rows { get; init; }
        public TimeSpan KillAfter { get; set; }
        public TimeSpan? KilledAt { get; set; }
        public string Phase { get; set; } = "";
        public string? Note { get; set; }
        public TimeSpan SessionsGoneAfter { get; set; }
        public (long Registrations, long Participants, long CommittedUploads) AfterKill { get; set; }
        public (int Files, long Bytes) LeftOnDisk { get; set; }
        public (ImportReport Report, TimeSpan Elapsed) Reupload { get; set; }
        public (long Registrations, long Participants, long CommittedUploads) AfterReupload { get; set; }

        public bool Passed =>
            KilledAt is not null
            && AfterKill == (0, 0, 0)
            && LeftOnDisk.Files == 0
            && Reupload.Report is { Rejected: 0, Committed: true } report && report.Inserted == Rows
            && AfterReupload.Registrations == Rows && AfterReupload.Participants == Rows && AfterReupload.CommittedUploads == 1;
    }
}

/// <summary>The generated files: disjoint ranges of people, so every import inserts only new rows.</summary>
internal sealed class BenchFileSet(string directory, ImportBenchOptions options)
{
    public string Small { get; } = Path.Combine(directory, $"registrations-{options.Small}.csv");
    public string Large { get; } = Path.Combine(directory, $"registrations-{options.Large}.csv");
    public string KillFile { get; } = Path.Combine(directory, $"registrations-kill-{options.Kill}.csv");
    public string Attendance { get; } = Path.Combine(directory, $"attendance-{options.Small}.csv");
    public string Warm { get; } = Path.Combine(directory, $"registrations-warm-{options.Small}.csv");
    public long SmallBytes { get; private set; }
    public long LargeBytes { get; private set; }
    public long KillBytes { get; private set; }
    public long AttendanceBytes { get; private set; }

    public void Generate()
    {
        const string Institution = BenchFiles.Institution;
        SmallBytes = BenchFiles.WriteRegistrations(Small, 0, options.Small, Institution);
        // The attendance file names the people of the small file, in session 1 of its batch.
        AttendanceBytes = BenchFiles.WriteAttendance(Attendance, 0, options.Small, 1, BenchFiles.FirstDay);
        LargeBytes = BenchFiles.WriteRegistrations(Large, options.Small, options.Large, Institution);
        KillBytes = BenchFiles.WriteRegistrations(KillFile, (long)options.Small + options.Large, options.Kill, Institution);
        BenchFiles.WriteRegistrations(Warm, (long)options.Small + options.Large + options.Kill, options.Small, Institution);
    }

    public void Delete()
    {
        foreach (var file in new[] { Small, Large, KillFile, Attendance, Warm })
        {
            File.Delete(file);
        }
    }
}
