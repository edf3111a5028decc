using System.Text;
using K3Competency.Application.Certificates;
using K3Competency.Application.Credentials;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Saya;

/// <summary>
/// The holder's own certificate as a verifiable credential (VC-JWT, ADR 0003) to hand to an employer; any other code
/// is not found (404). Served here because the participant's cookie is sent to /saya only, never to the API.
/// </summary>
[Authorize(Policy = ParticipantAuth.Policy)]
public sealed class KredensialModel(CredentialService credentials) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var result = await credentials.IssueToHolderAsync(code, User.Participant(), PublicLinks.Root(Request), ct);
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        // The holder's full name is inside.
        Response.Headers.CacheControl = "no-store";
        return File(Encoding.ASCII.GetBytes(result.Value!), CredentialService.MediaType, $"kredensial-{VerificationCode.Normalize(code)}.jwt");
    }
}
