using K3Competency.Application.Registrations;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using K3Competency.Web.Pages.Certificates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Saya;

/// <summary>The participant's own page (DESIGN §10.5): only the signed-in person, from the session, never from the request.</summary>
[Authorize(Policy = ParticipantAuth.Policy)]
public sealed class HalamanModel(ParticipantSelfService self) : PageModel
{
    [BindProperty] public string? NewEmail { get; set; }
    [BindProperty] public string? Phone { get; set; }

    public MyPage Me { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Me = await self.PageAsync(User.Participant(), ct);

    public async Task<IActionResult> OnPostEmailAsync(CancellationToken ct)
    {
        var result = await self.RequestEmailChangeAsync(User.Participant(), NewEmail, PublicLinks.Root(Request), ct);
        return await AnswerAsync(result, "NewEmail", ct);
    }

    public async Task<IActionResult> OnPostPhoneAsync(CancellationToken ct)
    {
        var result = await self.ChangePhoneAsync(User.Participant(), Phone, ct);
        return await AnswerAsync(result, "Phone", ct);
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(ParticipantAuth.Scheme);
        return RedirectToPage("Index");
    }

    private async Task<IActionResult> AnswerAsync(Application.ServiceResult<string> result, string field, CancellationToken ct)
    {
        if (result.Succeeded)
        {
            TempData["Message"] = result.Value;
            return RedirectToPage();
        }
        ModelState.AddErrors(result, prefix: "", keys: new Dictionary<string, string> { ["email"] = field, ["phone"] = field });
        Me = await self.PageAsync(User.Participant(), ct);
        return Page();
    }
}
