using K3Competency.Application.Identity;
using K3Competency.Application.Institutions;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace K3Competency.Web.Pages.Admin.Users;

public sealed class CreateModel(UserService users, InstitutionService institutions) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Institutions { get; private set; } = [];

    public sealed class InputModel : UserForm
    {
        public string TemporaryPassword { get; set; } = "";
    }

    private static readonly Dictionary<string, string> PasswordField = new() { ["password"] = "Input.TemporaryPassword" };

    public async Task OnGetAsync(CancellationToken ct) => Institutions = await UserForm.InstitutionsAsync(institutions, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await users.CreateAsync(new UserInput(Input.Email, Input.FullName, Input.Role, Input.InstitutionCode),
            Input.TemporaryPassword ?? "", User.ToActor(), mustChangePassword: true, ct);
        if (result.Succeeded)
        {
            TempData["Message"] = $"Akun {Input.Email} dibuat. Sampaikan kata sandi sementara secara langsung; pengguna wajib menggantinya saat pertama masuk.";
            return RedirectToPage("Index");
        }
        ModelState.AddErrors(result, keys: PasswordField);
        Institutions = await UserForm.InstitutionsAsync(institutions, ct);
        return Page();
    }
}
