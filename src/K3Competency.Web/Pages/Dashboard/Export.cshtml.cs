using K3Competency.Application.Exports;
using K3Competency.Application.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Dashboard;

/// <summary>/Dashboard/Export?programmeId=1&amp;format=xlsx|csv: the dashboard's figures as a file (Staff, Admin, Director).</summary>
public sealed class ExportModel(ReportingService reporting) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int? programmeId, string? format, CancellationToken ct)
    {
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && format is not null && !string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase))
        {
            return BadRequest();
        }

        // Without an id, the programme the dashboard opens on.
        var id = programmeId ?? ReportingService.Landing(await reporting.ListProgrammesAsync(ct));
        var summary = id is null ? null : await reporting.GetSummaryAsync(id.Value, ct);
        if (summary is null)
        {
            return NotFound();
        }

        if (csv)
        {
            return File(SummaryExport.Csv(summary), ExportFiles.CsvContentType, SummaryExport.FileName(summary, "csv"));
        }
        var breakdowns = await reporting.GetBreakdownsAsync(summary, null, ct)
                         ?? throw new InvalidOperationException("The programme disappeared while it was being exported.");
        return File(SummaryExport.Xlsx(summary, breakdowns), ExportFiles.XlsxContentType, SummaryExport.FileName(summary, "xlsx"));
    }
}
