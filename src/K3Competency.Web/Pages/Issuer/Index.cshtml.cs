using K3Competency.Application.Certificates;
using K3Competency.Application.Credentials;
using K3Competency.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Issuer;

/// <summary>
/// The issuer profile every credential names as its issuer (/penerbit, public): who signs the credentials, with
/// which key, and where to check one. A client asking for JSON gets the Open Badges 3.0 Profile instead.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(CredentialKeys keys) : PageModel
{
    public string IssuerId { get; private set; } = "";
    public string JwksUrl { get; private set; } = "";
    public PublicJwk Key { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var root = PublicLinks.Root(Request);
        IssuerId = root + CredentialService.IssuerPath;
        JwksUrl = root + CredentialService.JwksPath;
        Key = (await keys.GetAsync(ct)).PublicJwk;
        if (Request.Headers.Accept.Any(a => a is not null && (a.Contains("application/json", StringComparison.OrdinalIgnoreCase)
                                                              || a.Contains("application/ld+json", StringComparison.OrdinalIgnoreCase))))
        {
            return new JsonResult(new Dictionary<string, object>
            {
                ["@context"] = new[] { "https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" },
                ["id"] = IssuerId,
                ["type"] = new[] { "Profile" },
                ["name"] = CertificatePdf.MinistryName,
                ["url"] = root + "/",
                ["description"] = CertificatePdf.DirectorateGeneralName,
            });
        }
        return Page();
    }
}
