using System.Globalization;
using System.Security.Claims;
using K3Competency.Application.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace K3Competency.Web.Infrastructure.Auth;

/// <summary>Adds the institution and display name to the sign-in principal.</summary>
public sealed class K3ClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, UserService userService)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(IdentityClaims.FullName, user.FullName));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(AuthSetup.MustChangePasswordClaim, "true"));
        }
        if (!user.TwoFactorEnabled && await userService.RoleRequiresTwoFactorAsync(user))
        {
            identity.AddClaim(new Claim(AuthSetup.MustEnrolTwoFactorClaim, "true"));
        }
        if (user.InstitutionId is { } id)
        {
            identity.AddClaim(new Claim(IdentityClaims.InstitutionId, id.ToString(CultureInfo.InvariantCulture)));
        }
        return identity;
    }
}
