using System.Globalization;
using System.Security.Claims;
using K3Competency.Application.Identity;
using K3Competency.Domain;

namespace K3Competency.Web.Infrastructure.Auth;

public static class ActorExtensions
{
    /// <summary>The signed-in user as the services see it.</summary>
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in.");
        var role = Roles.All.FirstOrDefault(user.IsInRole) ?? "";
        var institution = user.FindFirstValue(IdentityClaims.InstitutionId);
        return new Actor(id, user.Identity?.Name ?? id, role,
            int.TryParse(institution, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null);
    }

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(IdentityClaims.FullName) is { Length: > 0 } name ? name : user.Identity?.Name ?? "";
}
