using K3Competency.Application.Imports;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Uploads;

/// <summary>The error report of an upload: each rejected row as uploaded, plus its row number and message.</summary>
public sealed class ErrorsModel(ImportErrorReport reports) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var upload = await reports.FindUploadAsync(id, User.ToActor(), ct);
        if (upload is null)
        {
            return await reports.ExistsAsync(id, ct) ? Forbid() : NotFound();
        }
        var buffer = new MemoryStream();
        await ImportErrorReport.WriteCsvAsync(upload, buffer, ct);
        buffer.Position = 0;
        return File(buffer, "text/csv; charset=utf-8", ImportErrorReport.FileName(upload));
    }
}
