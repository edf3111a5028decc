using System.Globalization;
using System.Security.Claims;
using K3Competency.Application.Registrations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace K3Competency.Web.Infrastructure.Auth;

/// <summary>
/// Participant sessions (DESIGN §10.5), apart from staff logins: their own cookie scheme and cookie, sent only under
/// /saya, 30 minutes from the link and not renewed, carrying nothing but the person's id and name.
/// </summary>
public static class ParticipantAuth
{
    public const string Scheme = "Participant";
    public const string Policy = "Participant";
    public const string CookiePath = "/saya";
    private const string ParticipantIdClaim = "k3:participant";

    public static void AddParticipantAuth(this IServiceCollection services, bool development)
    {
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "k3.saya";
            o.Cookie.Path = CookiePath;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            o.SlidingExpiration = false;
            o.LoginPath = CookiePath;
            o.AccessDeniedPath = CookiePath;
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireClaim(ParticipantIdClaim));
    }

    public static Task SignInParticipantAsync(this HttpContext http, ParticipantSession session)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ParticipantIdClaim, session.ParticipantId.ToString(CultureInfo.InvariantCulture)), new Claim(ClaimTypes.Name, session.FullName)],
            Scheme);
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    /// <summary>The signed-in participant of a page under the <see cref="Policy"/>.</summary>
    public static ParticipantSession Participant(this ClaimsPrincipal user) =>
        new(long.Parse(user.FindFirstValue(ParticipantIdClaim)!, CultureInfo.InvariantCulture), user.Identity?.Name ?? "");
}
