namespace K3Competency.Web.Infrastructure;

public static class SecurityHeaders
{
    // No inline script or style anywhere: every script and stylesheet is a file under wwwroot.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var h = context.Response.Headers;
                h.ContentSecurityPolicy = ContentSecurityPolicy;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "strict-origin-when-cross-origin";
                h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                // Pages, API answers, error reports, exports and PDFs carry personal data: no cache, shared or
                // private, may keep them. Static files (no endpoint) stay cacheable.
                if (context.GetEndpoint() is not null && !h.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.CacheControl))
                {
                    h.CacheControl = "no-store";
                }
                return Task.CompletedTask;
            });
            return next(context);
        });
}
