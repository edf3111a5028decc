using System.ComponentModel.DataAnnotations;
using K3Competency.Application.Identity;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Account;

public sealed class ChangePasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, UserService userService) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool MustChange { get; private set; }

    public sealed class InputModel
    {
        [Display(Name = "Kata sandi saat ini")]
        [DataType(DataType.Password)]
        public string CurrentPassword { get; set; } = "";

        [Display(Name = "Kata sandi baru")]
        [DataType(DataType.Password)]
        public string NewPassword { get; set; } = "";

        [Display(Name = "Ulangi kata sandi baru")]
        [DataType(DataType.Password)]
        public string ConfirmPassword { get; set; } = "";
    }

    public void OnGet() => MustChange = User.HasClaim(c => c.Type == AuthSetup.MustChangePasswordClaim);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        MustChange = User.HasClaim(c => c.Type == AuthSetup.MustChangePasswordClaim);
        if (Input.NewPassword != Input.ConfirmPassword)
        {
            ModelState.AddModelError("Input.ConfirmPassword", "Kedua isian kata sandi baru tidak sama.");
            return Page();
        }
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var result = await userService.ChangePasswordAsync(user, Input.CurrentPassword ?? "", Input.NewPassword ?? "", User.ToActor(), ct);
        if (!result.Succeeded)
        {
            ModelState.AddErrors(result);
            return Page();
        }
        await signIn.RefreshSignInAsync(user);
        TempData["Message"] = "Kata sandi sudah diganti.";
        return LocalRedirect("/");
    }
}
