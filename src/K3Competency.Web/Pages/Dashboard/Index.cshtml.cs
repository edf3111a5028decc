using System.Globalization;
using System.Text.Json;
using K3Competency.Application.Reporting;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Dashboard;

/// <summary>
/// The director's dashboard (DESIGN §4): one programme's figures from <see cref="ReportingService"/>, the
/// landing page of Director, Staff and Admin.
/// </summary>
public sealed class IndexModel(ReportingService reporting, TimeProvider time) : PageModel
{
    /// <summary>The programme shown; when not given, the newest that has data (else the newest).</summary>
    [BindProperty(SupportsGet = true)]
    public int? ProgrammeId { get; set; }

    /// <summary>The batch the breakdowns are limited to; all batches when not given.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Batch { get; set; }

    public IReadOnlyList<ProgrammeOption> Programmes { get; private set; } = [];
    public ProgramSummary? Summary { get; private set; }
    public Breakdowns? Breakdowns { get; private set; }
    public string Sentence { get; private set; } = "";
    public IReadOnlyList<TargetProgress> Targets { get; private set; } = [];

    /// <summary>Every programme in one table, with the persons counted once across all of them.</summary>
    public OverallSummary? Overall { get; private set; }

    /// <summary>The latest batch that has participants: the "angkatan ke-6" of the news report.</summary>
    public BatchSummary? LatestBatch { get; private set; }

    /// <summary>Labels and series for wwwroot/js/dashboard.js, read from a data- attribute (the CSP forbids inline script).</summary>
    public string ChartJson { get; private set; } = "{}";

    public string PrintedAt { get; private set; } = "";

    /// <summary>16/11/2023, 16–17/11/2023 within a month, else both dates in full.</summary>
    public static string Dates(DateOnly start, DateOnly end) =>
        end == start ? Formats.Date(start)
        : end.Year == start.Year && end.Month == start.Month ? start.Day.ToString("00", CultureInfo.InvariantCulture) + "–" + Formats.Date(end)
        : Formats.Date(start) + "–" + Formats.Date(end);

    public bool HasBatches => Summary is { Batches.Count: > 0 };

    /// <summary>
    /// Under a breakdown whose rows can hold one person twice (over a whole programme, an expert upgraded in two
    /// modes, fields or institutions is in each row): by how much the rows exceed the persons. Within one batch a
    /// registration is in one row only, so there is nothing to say.
    /// </summary>
    public static string? TwiceNote(Breakdowns breakdowns, IReadOnlyList<BreakdownRow> rows, string rowsAre)
    {
        ArgumentNullException.ThrowIfNull(breakdowns);
        if (breakdowns.BatchNumber is not null)
        {
            return null;
        }
        var over = breakdowns.UpgradedInSeveralRows(rows);
        var persons = Formats.Number(rows.Sum(r => r.Upgraded) - over);
        return over == 0
            ? $"Setiap Ahli K3 yang ditingkatkan tercatat pada satu {rowsAre} saja; jumlah barisnya sama dengan {persons} orang."
            : $"Ahli K3 yang ditingkatkan pada lebih dari satu {rowsAre} (di angkatan yang berbeda) dihitung pada setiap barisnya: " +
              $"jumlah barisnya {Formats.Number(over)} lebih banyak daripada {persons} orang.";
    }

    /// <summary>The note under the mode breakdown: with two modes, the rows exceed the persons by those upgraded in both.</summary>
    public static string? ModeNote(Breakdowns breakdowns)
    {
        ArgumentNullException.ThrowIfNull(breakdowns);
        if (breakdowns.BatchNumber is not null)
        {
            return null;
        }
        var both = breakdowns.UpgradedInSeveralRows(breakdowns.ByAttendanceMode);
        var rows = breakdowns.ByAttendanceMode.Sum(r => r.Upgraded);
        return both == 0
            ? "Tidak ada Ahli K3 yang ditingkatkan secara daring pada satu angkatan dan luring pada angkatan lain; jumlah kedua baris sama " +
              $"dengan {Formats.Number(rows)} orang."
            : $"{Formats.Number(both)} orang ditingkatkan secara daring pada satu angkatan dan luring pada angkatan lain; mereka dihitung pada " +
              $"kedua baris, sehingga jumlah kedua baris ({Formats.Number(rows)}) lebih banyak daripada {Formats.Number(rows - both)} orang.";
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        PrintedAt = Formats.DateTime(time.GetUtcNow().UtcDateTime);
        Programmes = await reporting.ListProgrammesAsync(ct);
        ProgrammeId ??= ReportingService.Landing(Programmes);
        if (ProgrammeId is null)
        {
            return Page();
        }
        Overall = await reporting.GetOverallAsync(ct);

        Summary = await reporting.GetSummaryAsync(ProgrammeId.Value, ct);
        if (Summary is null)
        {
            return NotFound();
        }

        Sentence = DirectorSentence.Write(Summary);
        Targets = TargetProgress.Of(Summary);
        LatestBatch = Summary.Batches.LastOrDefault(b => b.Participants > 0) ?? Summary.Batches.LastOrDefault();
        if (!HasBatches)
        {
            return Page();
        }

        if (Batch is not null && Summary.Batches.All(b => b.Number != Batch))
        {
            Batch = null;
        }
        Breakdowns = await reporting.GetBreakdownsAsync(Summary, Batch, ct);
        ChartJson = JsonSerializer.Serialize(new
        {
            locale = Formats.Culture.Name,
            labels = Summary.Batches.Select(b => "Angkatan " + b.Number.ToString(CultureInfo.InvariantCulture)),
            upgradedLabel = "Ahli K3 ditingkatkan pada angkatan",
            upgraded = Summary.Batches.Select(b => b.Upgraded),
            cumulativeLabel = "Kumulatif Ahli K3 ditingkatkan (orang)",
            cumulative = Summary.Batches.Select(b => b.CumulativeUpgraded),
        });
        return Page();
    }
}

/// <summary>A figure against the programme's target, for a progress bar.</summary>
public sealed record TargetProgress(string Label, int Value, int Target)
{
    /// <summary>84,1</summary>
    public string Percent => Target == 0 ? "100" : (Math.Round(Value * 100m / Target, 1)).ToString("0.#", Formats.Culture);

    /// <summary>The bar's width rounded to 5%, as a CSS class (pct-0 … pct-100): the CSP allows no style attribute.</summary>
    public string WidthClass =>
        "pct-" + (Target == 0 ? 100 : Math.Min(100, (int)Math.Round(Value * 20m / Target, MidpointRounding.AwayFromZero) * 5)).ToString(CultureInfo.InvariantCulture);

    public static IReadOnlyList<TargetProgress> Of(ProgramSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var list = new List<TargetProgress>();
        if (summary.Targets.Upgraded is { } upgraded)
        {
            list.Add(new("Ahli K3 ditingkatkan kompetensinya", summary.Totals.Upgraded, upgraded));
        }
        if (summary.Targets.HighPerforming is { } highPerforming)
        {
            list.Add(new("Ahli K3 berkinerja tinggi", summary.Totals.HighPerformingPersons, highPerforming));
        }
        return list;
    }
}
