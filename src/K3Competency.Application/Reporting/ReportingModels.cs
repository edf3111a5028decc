using System.Text.Json.Serialization;

namespace K3Competency.Application.Reporting;

// The shapes the dashboard, the exports and GET /api/v1/programs/{id}/summary (DESIGN §7.1) share. Plain
// records: System.Text.Json with JsonSerializerDefaults.Web writes them in the camelCase of §7.1. Codes
// (mode, status, category...) are the DESIGN codes as strings, so the JSON never carries enum numbers.
// Figures the pages show beyond §7.1 are [JsonIgnore], so the API keeps the shape of §7.1.

/// <summary>DESIGN §7.1: a programme with its batches and totals, all computed in PostgreSQL.</summary>
public sealed record ProgramSummary(
    int ProgramId,
    string Code,
    int Year,
    string Name,
    SummaryThresholds Thresholds,
    SummaryTargets Targets,
    IReadOnlyList<BatchSummary> Batches,
    SummaryTotals Totals);

public sealed record SummaryThresholds(decimal MinAttendancePercent, decimal PassingScore, decimal HighPerformanceScore);

public sealed record SummaryTargets(int? Upgraded, int? HighPerforming);

/// <summary>
/// One batch. Upgraded, completed and high-performing count Ahli K3 registrations of this batch (DESIGN §4);
/// <see cref="CompletedAll"/> counts the completed registrations of every category ("Lulus", the number the
/// workspace and the certificates use). The cumulative fields count distinct persons (by NIK) through this
/// batch, except <see cref="CumulativeUpgradedParticipations"/>, which counts registrations.
/// </summary>
public sealed record BatchSummary(
    int Number,
    int BatchId,
    DateOnly StartDate,
    DateOnly EndDate,
    string Mode,
    string Status,
    int Sessions,
    int Participants,
    int AhliK3,
    int Upgraded,
    int Completed,
    int HighPerforming,
    int Online,
    int Offline,
    int CumulativeUpgraded,
    int CumulativeHighPerforming,
    int CumulativeUpgradedParticipations,
    [property: JsonIgnore] int CompletedAll = 0);

/// <summary>
/// Programme totals. <see cref="Upgraded"/> and <see cref="HighPerformingPersons"/> count distinct persons
/// (DESIGN §7.1); <see cref="UpgradedParticipations"/>, <see cref="Completed"/> and
/// <see cref="HighPerforming"/> count registrations. DESIGN names only upgraded as distinct, and a
/// completion is an outcome of one registration (one certificate each), so completed and high-performing
/// stay per registration; the distinct high-performing count is given beside it for the dashboard.
/// Completed and high-performing count Ahli K3; <see cref="CompletedAll"/> every category.
/// </summary>
public sealed record SummaryTotals(
    int Participants,
    int AhliK3,
    int Upgraded,
    int UpgradedParticipations,
    int Completed,
    int HighPerforming,
    int HighPerformingPersons,
    int Online,
    int Offline,
    [property: JsonIgnore] int CompletedAll = 0)
{
    public static readonly SummaryTotals Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>
/// A programme (or one of its batches) broken down five ways. Participants count registrations; upgraded
/// counts distinct persons, so across a whole programme the province and category rows add up to the
/// summary's totals.upgraded (a person has one province, and only Ahli K3 are upgraded). A person upgraded in
/// two expertise fields, modes or institutions appears in both (<see cref="UpgradedInSeveralRows"/> says by
/// how much). Every known code is listed, with zeros where nobody is; institutions are the batches'
/// partners and those that registrations are assigned to, "" for registrations without one.
/// </summary>
public sealed record Breakdowns(
    int ProgramId,
    int? BatchNumber,
    IReadOnlyList<BreakdownRow> ByCategory,
    IReadOnlyList<BreakdownRow> ByExpertiseField,
    IReadOnlyList<BreakdownRow> ByProvince,
    IReadOnlyList<BreakdownRow> ByAttendanceMode,
    IReadOnlyList<BreakdownRow> ByInstitution)
{
    /// <summary>
    /// How many more upgraded persons the rows of one breakdown hold than there are persons (each person is upgraded
    /// in one category, so the category rows count every person once).
    /// </summary>
    public int UpgradedInSeveralRows(IReadOnlyList<BreakdownRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Sum(r => r.Upgraded) - ByCategory.Sum(r => r.Upgraded);
    }
}

/// <summary>
/// One row of a breakdown: the code (AHLI_K3, LISTRIK, 35, DARING, an institution's code), its Indonesian name,
/// the registrations, the upgraded persons and the upgraded registrations.
/// </summary>
public sealed record BreakdownRow(string Code, string Name, int Participants, int Upgraded, int UpgradedParticipations = 0);

/// <summary>Every programme's totals, newest first, and the persons counted once across all programmes (DESIGN §4).</summary>
public sealed record OverallSummary(
    IReadOnlyList<ProgrammeTotals> Programmes,
    int Participants,
    int AhliK3,
    int UpgradedPersons,
    int UpgradedParticipations,
    int HighPerformingPersons);

/// <summary>
/// One programme of the all-years view: its totals (distinct persons within the programme), the persons upgraded
/// (high-performing) there for the first time of all programmes, and the running distinct persons of all
/// programmes up to and including this one (in the order of year and code).
/// </summary>
public sealed record ProgrammeTotals(
    int ProgramId, string Code, int Year, string Name, int Batches, SummaryTotals Totals,
    int NewUpgradedPersons = 0, int NewHighPerformingPersons = 0, int CumulativeUpgradedPersons = 0, int CumulativeHighPerformingPersons = 0);

/// <summary>A programme to choose from; <see cref="HasData"/> when any registration counts in it.</summary>
public sealed record ProgrammeOption(int Id, string Code, string Name, int Year, bool HasData = false);
