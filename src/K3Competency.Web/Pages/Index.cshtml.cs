using K3Competency.Domain;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages;

[AllowAnonymous]
public sealed class IndexModel(IAuthorizationService authorization) : PageModel
{
    /// <summary>
    /// Those who may read the dashboard start there, an institution admin at its partner batches; everyone
    /// else sees the public home page.
    /// </summary>
    public async Task<IActionResult> OnGetAsync()
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Page();
        }
        if (User.IsInRole(Roles.InstitutionAdmin))
        {
            return RedirectToPage("/Workspace/Index");
        }
        return (await authorization.AuthorizeAsync(User, Policies.Read)).Succeeded ? RedirectToPage("/Dashboard/Index") : Page();
    }
}
