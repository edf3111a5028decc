using K3Competency.Application.Registrations;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Pages.Certificates;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace K3Competency.Web.Pages.Saya;

/// <summary>/saya: ask for a sign-in link. The answer is the same whether or not the address is on record (DESIGN §10.5).</summary>
[AllowAnonymous]
[EnableRateLimiting(PublicFormRateLimit.Name)]
public sealed class IndexModel(ParticipantSelfService self) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    public string? Answer { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await self.RequestSignInAsync(Email, PublicLinks.Root(Request), ct);
        if (result.Succeeded)
        {
            Answer = result.Value;
            return Page();
        }
        ModelState.AddErrors(result, prefix: "");
        return Page();
    }
}
