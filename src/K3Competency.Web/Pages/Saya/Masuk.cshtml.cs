using K3Competency.Application.Registrations;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Saya;

/// <summary>
/// The link from the sign-in mail. Opening it shows a button; the link is used by the button's POST, so a mail
/// scanner that fetches links does not spend the single use.
/// </summary>
[AllowAnonymous]
public sealed class MasukModel(ParticipantSelfService self) : PageModel
{
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var result = await self.SignInAsync(token, ct);
        if (!result.Succeeded)
        {
            Error = result.Message;
            return Page();
        }
        await HttpContext.SignInParticipantAsync(result.Value!);
        return RedirectToPage("Halaman");
    }
}
