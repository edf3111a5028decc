using K3Competency.Application.Exports;
using K3Competency.Application.Imports;
using K3Competency.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Uploads;

/// <summary>The template of a file kind, as XLSX (NIK column formatted as text) or CSV.</summary>
public sealed class TemplateModel : PageModel
{
    public IActionResult OnGet(string kind, string format)
    {
        if (!Codes.TryParse<UploadKind>(kind, out var k))
        {
            return NotFound();
        }
        return string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            ? File(ImportTemplates.CsvBytes(k), ExportFiles.CsvContentType, ImportTemplates.FileName(k, ImportFormat.Csv))
            : File(ImportTemplates.Xlsx(k), ExportFiles.XlsxContentType, ImportTemplates.FileName(k, ImportFormat.Xlsx));
    }
}
