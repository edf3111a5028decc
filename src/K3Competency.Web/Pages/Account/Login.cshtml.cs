using System.ComponentModel.DataAnnotations;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace K3Competency.Web.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(AuthSetup.LoginRateLimit)]
public sealed class LoginModel(LoginService login) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Display(Name = "Kata sandi")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    public async Task OnGetAsync() => await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Input.Email) || string.IsNullOrEmpty(Input.Password))
        {
            ModelState.AddModelError("", "Isi email dan kata sandi.");
            return Page();
        }
        switch (await login.SignInAsync(Input.Email, Input.Password, ct))
        {
            case LoginOutcome.Success:
                return LocalRedirect(SafeReturnUrl());
            case LoginOutcome.RequiresTwoFactor:
                return RedirectToPage("./LoginWith2fa", new { ReturnUrl });
            case LoginOutcome.TooManyAttempts:
                ModelState.AddModelError("", LoginService.TooManyMessage);
                return Page();
            default:
                ModelState.AddModelError("", LoginService.FailedMessage);
                return Page();
        }
    }

    private string SafeReturnUrl() => ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/";
}
