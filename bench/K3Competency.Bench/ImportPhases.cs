using System.Diagnostics;
using System.Globalization;
using K3Competency.Testing;

namespace K3Competency.Bench;

/// <summary>
/// Where an import's time goes, seen from outside: the statement the app's database session is running,
/// sampled every 100 ms from pg_stat_activity. Each statement of the pipeline (ImportService) has its own
/// opening words; "no SQL" is the time the app spends receiving and spooling the upload, or between statements.
/// </summary>
internal static class ImportPhases
{
    public const string NoSql = "receiving and spooling the upload (no SQL running)";

    private const string Checks = "set-based checks (duplicates, institutions, sessions)";
    private const string Completing = "resolving stored rows";
    internal const string Merging = "merging into the tables";

    // Npgsql sends each statement of a multi-statement command on its own, so each shows in
    // pg_stat_activity; the more specific openings come first.
    private static readonly (string Start, string Phase)[] Known =
    [
        ("CREATE TEMP TABLE", "creating the staging tables"),
        ("COPY import_rows", "parsing the rows into the binary COPY"),
        ("ANALYZE import_rows", Checks),
        ("INSERT INTO import_errors", Checks),
        ("WITH d AS", Checks),
        ("UPDATE import_rows SET bad", Checks),
        ("UPDATE import_rows s SET institution_id", Checks),
        ("UPDATE import_rows s SET session_id", Checks),
        ("UPDATE import_rows s SET registration_id = r.id, reg_institution_id", Checks),
        ("SELECT count(*), count(DISTINCT row_no)", "reading the errors"),
        ("SELECT e.row_no", "reading the errors"),
        ("UPDATE import_rows", Completing),
        ("SELECT count(*) FILTER", "counting inserts and updates"),
        // Each merge statement records its changes for the undo (ImportKind.Recorded): WITH stored AS (…), written AS (INSERT …).
        ("WITH stored AS", Merging),
        ("INSERT INTO participants", Merging),
        ("INSERT INTO registrations", Merging),
        ("INSERT INTO attendances", Merging),
        ("UPDATE registrations", Merging),
        ("INSERT INTO uploads", "recording the upload and committing"),
        ("INSERT INTO audit", "recording the upload and committing"),
        ("COMMIT", "recording the upload and committing"),
    ];

    public static string Classify(string? query)
    {
        if (query is null)
        {
            return NoSql;
        }
        var text = query.TrimStart();
        foreach (var (start, phase) in Known)
        {
            if (text.StartsWith(start, StringComparison.OrdinalIgnoreCase))
            {
                return phase;
            }
        }
        return "other SQL: " + (text.Length > 40 ? text[..40] : text).ReplaceLineEndings(" ");
    }

    /// <summary>
    /// Samples until <paramref name="until"/> completes: the phases in the order first seen, with their time,
    /// and the app's resident set size at each sample.
    /// </summary>
    public static async Task<(IReadOnlyList<(string Phase, TimeSpan Time)> Phases, IReadOnlyList<(TimeSpan At, long Rss)> Rss)> SampleAsync(
        BenchDatabase db, AppProcess app, Task until, CancellationToken ct)
    {
        var totals = new List<(string Phase, TimeSpan Time)>();
        var rss = new List<(TimeSpan At, long Rss)>();
        var clock = Stopwatch.StartNew();
        var last = clock.Elapsed;
        string? phase = null;
        while (!until.IsCompleted)
        {
            var now = Classify(await db.AppActiveQueryAsync(ct));
            var at = clock.Elapsed;
            rss.Add((at, app.RssBytes()));
            Add(totals, phase ?? now, at - last);
            (phase, last) = (now, at);
            await Task.WhenAny(until, Task.Delay(100, ct));
        }
        Add(totals, phase ?? NoSql, clock.Elapsed - last);
        return (totals, rss);
    }

    /// <summary>The highest RSS in each tenth of the import's time, in MiB: flat memory shows as a flat row.</summary>
    public static string RssByTenth(IReadOnlyList<(TimeSpan At, long Rss)> samples)
    {
        if (samples.Count == 0)
        {
            return "no samples";
        }
        var end = samples[^1].At.Ticks + 1;
        return string.Join(", ", samples
            .GroupBy(s => (int)(s.At.Ticks * 10 / end))
            .OrderBy(g => g.Key)
            .Select(g => (g.Max(s => s.Rss) / 1024.0 / 1024.0).ToString("N0", CultureInfo.InvariantCulture)));
    }

    public static string Describe(IReadOnlyList<(string Phase, TimeSpan Time)> phases) =>
        string.Join("; ", phases.Where(p => p.Time >= TimeSpan.FromMilliseconds(50))
            .Select(p => $"{p.Phase} {p.Time.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture)} s"));

    private static void Add(List<(string Phase, TimeSpan Time)> totals, string phase, TimeSpan time)
    {
        var i = totals.FindIndex(t => t.Phase == phase);
        if (i < 0)
        {
            totals.Add((phase, time));
        }
        else
        {
            totals[i] = (phase, totals[i].Time + time);
        }
    }
}
