using K3Competency.Application.Reporting;

namespace K3Competency.Web.Pages.Dashboard;

/// <summary>
/// The model of _BreakdownTable: one breakdown of the programme under a heading, and a note under the table that
/// says what its rows count where they do not add up to the headline (a person in two rows).
/// </summary>
public sealed record BreakdownTable(string Title, string NameHeader, IReadOnlyList<BreakdownRow> Rows, bool Scroll = false, string? Note = null);
