using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Admin;

/// <summary>Which roles must sign in with a second factor.</summary>
public sealed class SecurityModel(UserService users) : PageModel
{
    public IReadOnlyDictionary<string, bool> Required { get; private set; } = new Dictionary<string, bool>();

    [BindProperty]
    public List<string> RequiredRoles { get; set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Required = await users.TwoFactorRequirementsAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        foreach (var role in Roles.All)
        {
            await users.SetTwoFactorRequirementAsync(role, RequiredRoles.Contains(role), User.ToActor(), ct);
        }
        TempData["Message"] = "Pengaturan verifikasi dua langkah disimpan. Pengguna yang belum mengaktifkannya akan diminta melakukannya.";
        return RedirectToPage();
    }
}
