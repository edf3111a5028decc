using K3Competency.Application.Reporting;

namespace K3Competency.Web.Pages.Dashboard;

/// <summary>The model of _BreakdownTable: one breakdown of the programme under a heading.</summary>
public sealed record BreakdownTable(string Title, string NameHeader, IReadOnlyList<BreakdownRow> Rows, bool Scroll = false);
