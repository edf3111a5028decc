using K3Competency.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages;

[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet()
    {
        // An institution admin's work starts at its partner batches.
        if (User.IsInRole(Roles.InstitutionAdmin))
        {
            return RedirectToPage("/Workspace/Index");
        }
        return Page();
    }
}
