using K3Competency.Application.Exports;
using K3Competency.Application.Imports;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Uploads;

/// <summary>The error report of an upload: each rejected row as uploaded, plus its row number and message; ?format=xlsx|csv (CSV when left out).</summary>
public sealed class ErrorsModel(ImportErrorReport reports) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, string? format, CancellationToken ct)
    {
        var upload = await reports.FindUploadAsync(id, User.ToActor(), ct);
        if (upload is null)
        {
            return await reports.ExistsAsync(id, ct) ? Forbid() : NotFound();
        }
        if (!ExportFiles.IsKnown(format))
        {
            return BadRequest();
        }
        // The stored error list is bounded (ImportOptions), so the file is built in memory.
        var table = ImportErrorReport.Table(upload, xlsx: string.Equals(format?.Trim(), "xlsx", StringComparison.OrdinalIgnoreCase));
        var buffer = new MemoryStream();
        await ExportFiles.WriteAsync(table, buffer, ct);
        buffer.Position = 0;
        return File(buffer, table.ContentType, ImportErrorReport.FileName(upload, xlsx: !table.Csv));
    }
}
