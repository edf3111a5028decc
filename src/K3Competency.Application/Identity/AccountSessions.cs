using K3Competency.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Identity;

/// <summary>What a request may act as right now: the account as stored, read once per request.</summary>
public sealed record AccountState(
    string SecurityStamp, bool IsDisabled, string Email, string FullName, string? Role, int? InstitutionId,
    bool MustChangePassword, bool MustEnrolTwoFactor);

/// <summary>
/// The server-side check behind every signed-in request, cookie or bearer token alike (docs/adr/0003): the
/// account is read from PostgreSQL, so a change made on any instance (disabled, new password, logout, new
/// role or institution, a role that now requires two factors) takes effect on the next request everywhere.
/// </summary>
public sealed class AccountSessions(K3DbContext db)
{
    public Task<AccountState?> GetAsync(string userId, CancellationToken ct) =>
        db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new AccountState(
                u.SecurityStamp ?? "",
                u.IsDisabled,
                u.Email ?? "",
                u.FullName,
                (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id orderby r.Name select r.Name).FirstOrDefault(),
                u.InstitutionId,
                u.MustChangePassword,
                !u.TwoFactorEnabled && (from ur in db.UserRoles
                                        join rc in db.RoleClaims on ur.RoleId equals rc.RoleId
                                        where ur.UserId == u.Id && rc.ClaimType == IdentityClaims.RequireTwoFactor
                                        select rc.Id).Any()))
            .SingleOrDefaultAsync(ct);
}
