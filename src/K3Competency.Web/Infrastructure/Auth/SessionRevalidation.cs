using System.Globalization;
using System.Security.Claims;
using K3Competency.Application.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace K3Competency.Web.Infrastructure.Auth;

/// <summary>
/// Every signed-in request, by cookie or by bearer token, is checked against the account as stored
/// (docs/adr/0004-session-revalidation.md): a security stamp that no longer matches (password changed,
/// logged out, 2FA changed, role changed) or a disabled account makes the request anonymous, and the cookie
/// is deleted; otherwise role, institution and the account requirements are taken from the database, never
/// from what the cookie or token said when it was issued.
/// </summary>
public static class SessionRevalidation
{
    public static IApplicationBuilder UseSessionRevalidation(this IApplicationBuilder app) =>
        app.Use(async (ctx, next) =>
        {
            if (ctx.User.Identity is ClaimsIdentity { IsAuthenticated: true } identity)
            {
                var options = ctx.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
                var userId = ctx.User.FindFirstValue(options.UserIdClaimType);
                var stamp = ctx.User.FindFirstValue(options.SecurityStampClaimType);
                var state = userId is null ? null
                    : await ctx.RequestServices.GetRequiredService<AccountSessions>().GetAsync(userId, ctx.RequestAborted);
                if (state is null || state.IsDisabled || string.IsNullOrEmpty(stamp) || !string.Equals(stamp, state.SecurityStamp, StringComparison.Ordinal))
                {
                    ctx.User = new ClaimsPrincipal(new ClaimsIdentity());
                    if (!AuthSetup.IsBearer(ctx.Request))
                    {
                        await ctx.SignOutAsync(IdentityConstants.ApplicationScheme);
                    }
                }
                else
                {
                    ctx.User = new ClaimsPrincipal(Current(identity, state, options));
                }
            }
            await next(ctx);
        });

    /// <summary>The signed-in identity with every claim that the account's state decides taken afresh from it.</summary>
    private static ClaimsIdentity Current(ClaimsIdentity signedIn, AccountState state, ClaimsIdentityOptions options)
    {
        string[] decided = [options.RoleClaimType, options.UserNameClaimType, options.EmailClaimType, IdentityClaims.FullName,
            IdentityClaims.InstitutionId, AuthSetup.MustChangePasswordClaim, AuthSetup.MustEnrolTwoFactorClaim];
        var claims = signedIn.Claims.Where(c => !decided.Contains(c.Type)).ToList();
        claims.Add(new Claim(options.UserNameClaimType, state.Email));
        claims.Add(new Claim(options.EmailClaimType, state.Email));
        claims.Add(new Claim(IdentityClaims.FullName, state.FullName));
        if (state.Role is not null)
        {
            claims.Add(new Claim(options.RoleClaimType, state.Role));
        }
        if (state.InstitutionId is { } institution)
        {
            claims.Add(new Claim(IdentityClaims.InstitutionId, institution.ToString(CultureInfo.InvariantCulture)));
        }
        if (state.MustChangePassword)
        {
            claims.Add(new Claim(AuthSetup.MustChangePasswordClaim, "true"));
        }
        if (state.MustEnrolTwoFactor)
        {
            claims.Add(new Claim(AuthSetup.MustEnrolTwoFactorClaim, "true"));
        }
        return new ClaimsIdentity(claims, signedIn.AuthenticationType, options.UserNameClaimType, options.RoleClaimType);
    }
}
