using K3Competency.Application.Certificates;
using K3Competency.Application.Registrations;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using K3Competency.Web.Pages.Certificates;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Saya;

/// <summary>The participant's own certificate as PDF; any other code is not found (404), as if it did not exist.</summary>
[Authorize(Policy = ParticipantAuth.Policy)]
public sealed class SertifikatModel(ParticipantSelfService self) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var result = await self.CertificateAsync(User.Participant(), code, ct);
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        var document = result.Value!;
        return File(CertificatePdf.Render(document, CertificateLinks.VerificationUrl(Request, document.VerificationCode)), "application/pdf", document.FileName);
    }
}
