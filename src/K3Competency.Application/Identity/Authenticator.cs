using K3Competency.Application.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace K3Competency.Application.Identity;

/// <summary>
/// Codes of an authenticator app (TOTP, RFC 6238: 30-second steps, 6 digits, the step before and after
/// accepted for clock drift), each usable once (OWASP ASVS 2.8.4): the step of the last accepted code is kept
/// per account, and a code is accepted only by the conditional UPDATE that moves it forward, so the same code
/// replayed, at the same moment on another instance included, is refused. Replaces Identity's provider of
/// the same name, so the web login, the API login and enabling 2FA all go through it.
/// </summary>
public sealed class SingleUseAuthenticatorTokenProvider(K3DbContext db, TimeProvider time) : IUserTwoFactorTokenProvider<AppUser>
{
    private static readonly VerificationWindow Window = new(previous: 1, future: 1);

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    // The app computes the code; the server never sends one.
    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult("");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        var code = (token ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(key) || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }
        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(time.GetUtcNow().UtcDateTime, code, out var step, Window))
        {
            return false;
        }
        var accepted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE "AspNetUsers" SET last_totp_time_step = {step}
            WHERE id = {user.Id} AND (last_totp_time_step IS NULL OR last_totp_time_step < {step})
            """);
        return accepted == 1;
    }
}
