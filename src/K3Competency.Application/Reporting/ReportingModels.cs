namespace K3Competency.Application.Reporting;

// The shapes the dashboard, the exports and GET /api/v1/programs/{id}/summary (DESIGN §7.1) share. Plain
// records: System.Text.Json with JsonSerializerDefaults.Web writes them in the camelCase of §7.1. Codes
// (mode, status, category...) are the DESIGN codes as strings, so the JSON never carries enum numbers.

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
/// One batch. Upgraded, completed and high-performing count Ahli K3 registrations of this batch; the
/// cumulative fields count distinct persons (by NIK) through this batch, except
/// <see cref="CumulativeUpgradedParticipations"/>, which counts registrations.
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
    int CumulativeUpgradedParticipations);

/// <summary>
/// Programme totals. <see cref="Upgraded"/> and <see cref="HighPerformingPersons"/> count distinct persons
/// (DESIGN §7.1); <see cref="UpgradedParticipations"/>, <see cref="Completed"/> and
/// <see cref="HighPerforming"/> count registrations. DESIGN names only upgraded as distinct, and a
/// completion is an outcome of one registration (one certificate each), so completed and high-performing
/// stay per registration; the distinct high-performing count is given beside it for the dashboard.
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
    int Offline)
{
    public static readonly SummaryTotals Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>
/// A programme (or one of its batches) broken down four ways. Participants count registrations; upgraded
/// counts distinct persons, so across a whole programme the province rows add up to the summary's
/// totals.upgraded (a person has one province). A person upgraded in two expertise fields appears in both.
/// Every known code is listed, with zeros where nobody is.
/// </summary>
public sealed record Breakdowns(
    int ProgramId,
    int? BatchNumber,
    IReadOnlyList<BreakdownRow> ByCategory,
    IReadOnlyList<BreakdownRow> ByExpertiseField,
    IReadOnlyList<BreakdownRow> ByProvince,
    IReadOnlyList<BreakdownRow> ByAttendanceMode);

/// <summary>One row of a breakdown: the code (AHLI_K3, LISTRIK, 35, DARING), its Indonesian name and the counts.</summary>
public sealed record BreakdownRow(string Code, string Name, int Participants, int Upgraded);

/// <summary>Every programme's totals, and the persons counted once across all programmes (DESIGN §4).</summary>
public sealed record OverallSummary(
    IReadOnlyList<ProgrammeTotals> Programmes,
    int Participants,
    int AhliK3,
    int UpgradedPersons,
    int UpgradedParticipations,
    int HighPerformingPersons);

public sealed record ProgrammeTotals(int ProgramId, string Code, int Year, string Name, int Batches, SummaryTotals Totals);

public sealed record ProgrammeOption(int Id, string Code, string Name, int Year);
