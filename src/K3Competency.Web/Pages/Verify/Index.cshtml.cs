using K3Competency.Application;
using K3Competency.Application.Certificates;
using K3Competency.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace K3Competency.Web.Pages.Verify;

/// <summary>
/// The public check of a certificate (DESIGN §2: anyone may verify by code). /verifikasi shows a form;
/// /verifikasi/{code} (the QR code's address) shows the result. An unknown code answers 404 and says no more.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(VerificationRateLimit.Name)]
public sealed class IndexModel(CertificateService certificates) : PageModel
{
    public const string FieldName = "kode";

    /// <summary>What was typed into the form (?kode=…); sent on to the result address.</summary>
    [BindProperty(SupportsGet = true, Name = FieldName)]
    public string? Typed { get; set; }

    /// <summary>The code looked up, or null when only the form is shown.</summary>
    public string? Code { get; private set; }

    public CertificateVerification? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            if (Typed is null)
            {
                return Page();
            }
            if (string.IsNullOrWhiteSpace(Typed))
            {
                ModelState.AddModelError(FieldName, "Ketik kode verifikasi yang tercetak pada sertifikat, misalnya ABCD-EFGH-JKMN.");
                return Page();
            }
            // One address per certificate, the same the QR code holds, so a result can be bookmarked or shared.
            return RedirectToPage(new { code = VerificationCode.Normalize(Typed) ?? Typed.Trim() });
        }

        Code = code;
        Result = await certificates.VerifyAsync(code, ct);
        if (Result is null)
        {
            Response.StatusCode = Failures.StatusOf(Failure.NotFound);
        }
        return Page();
    }
}
