using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Admin.Users;

public sealed class CreateModel(UserService users, K3DbContext db) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Institutions { get; private set; } = [];

    public sealed class InputModel : UserForm
    {
        public string TemporaryPassword { get; set; } = "";
    }

    public async Task OnGetAsync(CancellationToken ct) => Institutions = await UserForm.InstitutionsAsync(db, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await users.CreateAsync(new UserInput(Input.Email, Input.FullName, Input.Role, Input.InstitutionCode),
            Input.TemporaryPassword ?? "", User.ToActor(), mustChangePassword: true, ct);
        if (result.Succeeded)
        {
            TempData["Message"] = $"Akun {Input.Email} dibuat. Sampaikan kata sandi sementara secara langsung; pengguna wajib menggantinya saat pertama masuk.";
            return RedirectToPage("Index");
        }
        foreach (var (field, message) in result.Errors)
        {
            ModelState.AddModelError(field.Length == 0 ? "" : field == "Password" ? "Input.TemporaryPassword" : $"Input.{field}", message);
        }
        Institutions = await UserForm.InstitutionsAsync(db, ct);
        return Page();
    }
}
