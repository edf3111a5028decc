using K3Competency.Application.Identity;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Admin.Users;

public sealed class IndexModel(UserService users) : PageModel
{
    public IReadOnlyList<UserListItem> Users { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Users = await users.ListAsync(ct);

    public async Task<IActionResult> OnPostDisableAsync(string id, bool disable, CancellationToken ct)
    {
        var result = await users.SetDisabledAsync(id, disable, User.ToActor(), ct);
        TempData["Message"] = result.Succeeded ? (disable ? "Akun dinonaktifkan." : "Akun diaktifkan kembali.") : result.Message;
        return RedirectToPage();
    }
}
