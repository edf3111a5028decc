using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages;

[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
