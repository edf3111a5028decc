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
    /// <summary>The programme shown; the newest when not given.</summary>
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

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        PrintedAt = Formats.DateTime(time.GetUtcNow().UtcDateTime);
        Programmes = await reporting.ListProgrammesAsync(ct);
        ProgrammeId ??= Programmes.FirstOrDefault()?.Id;
        if (ProgrammeId is null)
        {
            return Page();
        }

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
        Breakdowns = await reporting.GetBreakdownsAsync(Summary.ProgramId, Batch, ct);
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
