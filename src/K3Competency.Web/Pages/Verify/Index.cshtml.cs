using K3Competency.Application;
using K3Competency.Application.Certificates;
using K3Competency.Application.Credentials;
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
public sealed class IndexModel(CertificateService certificates, CredentialService credentials) : PageModel
{
    public const string FieldName = "kode";
    public const string CredentialField = "kredensial";
    public const string FileField = "berkas";

    /// <summary>A VC-JWT pasted into the credential form.</summary>
    [BindProperty(Name = CredentialField)]
    public string? PastedCredential { get; set; }

    /// <summary>The answer for a pasted or uploaded credential; null when none was checked.</summary>
    public CredentialVerification? CredentialResult { get; private set; }

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

    /// <summary>
    /// A credential pasted or uploaded as a file (.jwt, or any text file holding the VC-JWT). An upload wins over
    /// the text box; either is checked against our key and the register.
    /// </summary>
    public async Task<IActionResult> OnPostCredentialAsync([FromForm(Name = FileField)] IFormFile? file, CancellationToken ct)
    {
        var text = PastedCredential;
        if (file is { Length: > 0 })
        {
            if (file.Length > CredentialService.MaxLength)
            {
                ModelState.AddModelError(CredentialField, $"Berkas kredensial paling besar {CredentialService.MaxLength / 1024} kB; pilih berkas .jwt dari K3Competency.");
                return Page();
            }
            using var reader = new StreamReader(file.OpenReadStream());
            text = await reader.ReadToEndAsync(ct);
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            ModelState.AddModelError(CredentialField, "Tempel kredensial digital (teks yang diawali \"eyJ\") atau pilih berkas kredensialnya.");
            return Page();
        }
        if (text.Length > CredentialService.MaxLength)
        {
            ModelState.AddModelError(CredentialField, $"Kredensial paling panjang {CredentialService.MaxLength / 1024} kB; tempel hanya isi berkas .jwt.");
            return Page();
        }
        CredentialResult = await credentials.VerifyAsync(text, ct);
        return Page();
    }
}
