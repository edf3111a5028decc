using K3Competency.Application.Identity;
using K3Competency.Application.Institutions;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace K3Competency.Web.Pages.Admin.Users;

public sealed class EditModel(UserService users, InstitutionService institutions) : PageModel
{
    [BindProperty]
    public UserForm Input { get; set; } = new();

    [BindProperty]
    public string TemporaryPassword { get; set; } = "";

    public IReadOnlyList<SelectListItem> Institutions { get; private set; } = [];

    // The password form has one field: every message of a refused password goes beside it.
    private static readonly Dictionary<string, string> PasswordForm = new()
    {
        ["password"] = nameof(TemporaryPassword),
        [""] = nameof(TemporaryPassword),
    };

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var user = await users.GetAsync(id, ct);
        if (user is null)
        {
            return NotFound();
        }
        Input = new UserForm { Email = user.Email, FullName = user.FullName, Role = user.Role, InstitutionCode = user.InstitutionCode };
        Institutions = await UserForm.InstitutionsAsync(institutions, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var result = await users.UpdateAsync(id, new UserInput(Input.Email, Input.FullName, Input.Role, Input.InstitutionCode), User.ToActor(), ct);
        if (result.Succeeded)
        {
            TempData["Message"] = $"Akun {Input.Email} disimpan.";
            return RedirectToPage("Index");
        }
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        ModelState.AddErrors(result);
        Institutions = await UserForm.InstitutionsAsync(institutions, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync(string id, CancellationToken ct)
    {
        var result = await users.SetTemporaryPasswordAsync(id, TemporaryPassword ?? "", User.ToActor(), ct);
        if (result.Succeeded)
        {
            TempData["Message"] = "Kata sandi sementara dipasang; pengguna wajib menggantinya saat masuk berikutnya.";
            return RedirectToPage("Index");
        }
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        ModelState.AddErrors(result, keys: PasswordForm);
        return await OnGetAsync(id, ct);
    }
}
