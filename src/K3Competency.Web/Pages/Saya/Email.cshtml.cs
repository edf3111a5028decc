using K3Competency.Application;
using K3Competency.Application.Registrations;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Saya;

/// <summary>The link mailed to a new address: confirming it makes it the person's e-mail (used by POST, as the sign-in link).</summary>
[AllowAnonymous]
public sealed class EmailModel(ParticipantSelfService self) : PageModel
{
    public string? Message { get; private set; }
    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        // The page is open to anyone holding the link; a participant session already here narrows it to that person.
        var signedIn = await HttpContext.AuthenticateAsync(ParticipantAuth.Scheme);
        var result = await self.ConfirmEmailAsync(token, signedIn.Succeeded ? signedIn.Principal.Participant() : null, ct);
        Done = result.Succeeded;
        Message = result.Succeeded ? result.Value : result.Message;
        if (!result.Succeeded)
        {
            Response.StatusCode = Failures.StatusOf(result.Failure);
        }
        return Page();
    }
}
