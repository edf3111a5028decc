using K3Competency.Application.Certificates;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Certificates;

/// <summary>The certificate as a PDF. Staff/Admin only (the folder's policy): it carries the full name.</summary>
public sealed class PdfModel(CertificateService certificates) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var document = await certificates.GetDocumentAsync(code, ct);
        if (document is null)
        {
            return NotFound();
        }
        var pdf = CertificatePdf.Render(document, CertificateLinks.VerificationUrl(Request, document.VerificationCode));
        return File(pdf, "application/pdf", document.FileName);
    }
}
