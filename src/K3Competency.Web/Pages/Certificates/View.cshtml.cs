using K3Competency.Application.Certificates;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Certificates;

/// <summary>The printable certificate (A4 landscape) with its QR code, PDF download and revocation (Staff/Admin).</summary>
public sealed class ViewCertificateModel(CertificateService certificates) : PageModel
{
    public CertificateDocument Document { get; private set; } = null!;
    public string VerificationUrl { get; private set; } = "";
    public string QrDataUri { get; private set; } = "";

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct) =>
        await LoadAsync(code, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRevokeAsync(string code, CancellationToken ct)
    {
        var result = await certificates.RevokeAsync(code, Reason ?? "", User.ToActor(), ct);
        if (result.Succeeded)
        {
            TempData["Message"] = $"Sertifikat {result.Value!.Number} dicabut. Halaman verifikasi kini menyatakannya tidak berlaku.";
            return RedirectToPage("/Certificates/View", new { code = result.Value.Code });
        }
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        ModelState.AddErrors(result, prefix: "");
        return await LoadAsync(code, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        var document = await certificates.GetDocumentAsync(code, ct);
        if (document is null)
        {
            return false;
        }
        Document = document;
        VerificationUrl = CertificateLinks.VerificationUrl(Request, document.VerificationCode);
        QrDataUri = CertificateLinks.QrDataUri(VerificationUrl);
        return true;
    }
}
