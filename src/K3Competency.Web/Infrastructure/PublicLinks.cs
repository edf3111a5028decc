namespace K3Competency.Web.Infrastructure;

/// <summary>
/// Absolute addresses that leave the app on paper, on a screen as a QR code or inside a signed credential
/// (certificate verification, venue check-in, issuer and credential ids): Verification:PublicBaseUrl when set
/// (behind a proxy, or to pin the official host), otherwise the address this request came in on.
/// </summary>
public static class PublicLinks
{
    /// <summary>The app's public address without a trailing slash.</summary>
    public static string Root(HttpRequest request)
    {
        var configured = request.HttpContext.RequestServices.GetRequiredService<IConfiguration>()["Verification:PublicBaseUrl"];
        return string.IsNullOrWhiteSpace(configured)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : configured.TrimEnd('/');
    }

    /// <summary>The phone page of a check-in token (DESIGN §10.3).</summary>
    public static string CheckIn(HttpRequest request, string token) => $"{Root(request)}/presensi/{Uri.EscapeDataString(token)}";
}
