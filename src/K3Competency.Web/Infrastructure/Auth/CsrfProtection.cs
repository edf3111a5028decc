using K3Competency.Application;
using K3Competency.Web.Api;
using Microsoft.AspNetCore.Antiforgery;

namespace K3Competency.Web.Infrastructure.Auth;

/// <summary>
/// Cross-site request forgery (issue 10, finding 3). Two checks on every unsafe request that the login
/// cookie authenticates: a browser's Origin (or, without it, Referer) must be this site; and an API request
/// must carry an antiforgery token in the RequestVerificationToken header, because a cookie alone travels
/// with a form or a text/plain POST from any site. Pages keep Razor's antiforgery field. Requests with a
/// bearer token are not affected: no browser adds a bearer token by itself.
/// </summary>
public static class CsrfProtection
{
    public const string HeaderName = "RequestVerificationToken";

    public static IApplicationBuilder UseCsrfProtection(this IApplicationBuilder app) =>
        app.Use(async (ctx, next) =>
        {
            var request = ctx.Request;
            var unsafeMethod = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
                                 || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));
            // A status page re-executed for a refused request is not a new request.
            var reExecuted = ctx.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null;
            if (unsafeMethod && !reExecuted && !AuthSetup.IsBearer(request))
            {
                if (!SameOrigin(request))
                {
                    await RefuseAsync(ctx, "Permintaan ini datang dari situs lain, sehingga ditolak. Kirim formulir dari halaman K3Competency sendiri.");
                    return;
                }
                // An endpoint open to anyone (the token login) does not act on the cookie's identity.
                var anonymous = ctx.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null;
                if (request.IsApi() && !anonymous && ctx.User.Identity?.IsAuthenticated == true)
                {
                    var antiforgery = ctx.RequestServices.GetRequiredService<IAntiforgery>();
                    // The header only: reading a form body here would consume an upload the endpoint streams.
                    if (string.IsNullOrEmpty(request.Headers[HeaderName]) || !await antiforgery.IsRequestValidAsync(ctx))
                    {
                        await RefuseAsync(ctx,
                            "Permintaan API yang memakai cookie login memerlukan token antiforgery pada header RequestVerificationToken. " +
                            "Aplikasi lain sebaiknya memakai token bearer dari POST /api/v1/auth/login.");
                        return;
                    }
                }
            }
            await next(ctx);
        });

    /// <summary>
    /// True when the browser names no other origin: an Origin header, or else a Referer, must point at the host
    /// the request was sent to. Clients that send neither (not a browser) pass; the antiforgery token still applies.
    /// </summary>
    private static bool SameOrigin(HttpRequest request)
    {
        var source = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(source))
        {
            source = request.Headers.Referer.ToString();
        }
        if (string.IsNullOrEmpty(source))
        {
            return true;
        }
        return Uri.TryCreate(source, UriKind.Absolute, out var uri)
               && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task RefuseAsync(HttpContext ctx, string detail)
    {
        if (ctx.Request.IsApi())
        {
            await ApiProblems.For(Failure.Forbidden, detail, "Permintaan lintas situs ditolak").ExecuteAsync(ctx);
            return;
        }
        // A page gets the 403 status page.
        ctx.Response.StatusCode = Failures.StatusOf(Failure.Forbidden);
    }
}
