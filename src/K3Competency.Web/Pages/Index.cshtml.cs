using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
