using System.ComponentModel.DataAnnotations;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace K3Competency.Web.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(AuthSetup.LoginRateLimit)]
public sealed class LoginWith2faModel(LoginService login) : PageModel
{
    [BindProperty]
    [Display(Name = "Kode autentikator")]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await login.SecondFactorAsync(Code ?? "", ct);
        if (outcome == LoginOutcome.Success)
        {
            return LocalRedirect(ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/");
        }
        ModelState.AddModelError("", "Kode tidak cocok atau sudah kedaluwarsa. Masukkan kode 6 digit yang sedang tampil di aplikasi autentikator.");
        return Page();
    }
}
