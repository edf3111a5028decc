using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.ApiDocs;

/// <summary>The API reference for people: the vendored Swagger UI over /openapi/v1.json. Public, as the document is.</summary>
[AllowAnonymous]
public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
