using System.Threading.RateLimiting;
using K3Competency.Application.Auditing;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using Microsoft.AspNetCore.Identity;

namespace K3Competency.Web.Infrastructure.Auth;

public enum LoginOutcome { Success, RequiresTwoFactor, Failed, TooManyAttempts }

/// <summary>
/// Password sign-in shared by the login page and the token endpoint: lockout on failure (5 tries, 15 minutes),
/// one message whether or not the account exists, a limit per account (the limit per IP is the rate
/// limiter's), an audit entry for every success, failure and lockout. No password is ever logged or audited.
/// </summary>
public sealed partial class LoginService(
    SignInManager<AppUser> signIn, UserManager<AppUser> users, K3DbContext db, TimeProvider time,
    AccountLoginLimiter limiter, ILogger<LoginService> logger)
{
    /// <summary>
    /// A hash of a random password, made once with the app's hasher: checked against when there is no account
    /// (or it is disabled or locked), so that such an attempt costs the same time as a wrong password.
    /// </summary>
    private static string? _dummyHash;

    public const string FailedMessage =
        "Email atau kata sandi tidak cocok. Setelah 5 kali gagal, akun dikunci selama 15 menit.";

    public const string TooManyMessage = "Terlalu banyak percobaan masuk. Tunggu beberapa menit, lalu coba lagi.";

    /// <summary>Cookie sign-in for the web; with two factors on, the second step follows.</summary>
    public async Task<LoginOutcome> SignInAsync(string email, string password, CancellationToken ct)
    {
        if (!await limiter.TryAcquireAsync(email, ct))
        {
            return LoginOutcome.TooManyAttempts;
        }
        var user = await FindAsync(email);
        if (user is null || user.IsDisabled)
        {
            HashAnyway(password);
            await AuditAsync(user, email, "login.failed", ct);
            return LoginOutcome.Failed;
        }
        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        return await OutcomeAsync(user, email, result, password, ct);
    }

    /// <summary>Token sign-in for the API: the same checks, no cookie; a second factor is required as a code when on.</summary>
    public async Task<(LoginOutcome Outcome, AppUser? User)> CheckAsync(string email, string password, string? twoFactorCode, CancellationToken ct)
    {
        if (!await limiter.TryAcquireAsync(email, ct))
        {
            return (LoginOutcome.TooManyAttempts, null);
        }
        var user = await FindAsync(email);
        if (user is null || user.IsDisabled)
        {
            HashAnyway(password);
            await AuditAsync(user, email, "login.failed", ct);
            return (LoginOutcome.Failed, null);
        }
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.Succeeded && user.TwoFactorEnabled)
        {
            var code = (twoFactorCode ?? "").Replace(" ", "", StringComparison.Ordinal);
            if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
            {
                await users.AccessFailedAsync(user);
                await AuditAsync(user, email, "login.failed", ct);
                return (LoginOutcome.RequiresTwoFactor, null);
            }
        }
        var outcome = await OutcomeAsync(user, email, result, password, ct);
        return (outcome, outcome == LoginOutcome.Success ? user : null);
    }

    public async Task<LoginOutcome> SecondFactorAsync(string code, CancellationToken ct)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return LoginOutcome.Failed;
        }
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code.Replace(" ", "", StringComparison.Ordinal), isPersistent: false, rememberClient: false);
        return await OutcomeAsync(user, user.Email ?? "", result, null, ct);
    }

    private async Task<AppUser?> FindAsync(string email) =>
        string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());

    private void HashAnyway(string password)
    {
        var hasher = users.PasswordHasher;
        _dummyHash ??= hasher.HashPassword(new AppUser(), Guid.NewGuid().ToString("N"));
        hasher.VerifyHashedPassword(new AppUser(), _dummyHash, password);
    }

    private async Task<LoginOutcome> OutcomeAsync(AppUser user, string email, SignInResult result, string? password, CancellationToken ct)
    {
        if (result.Succeeded)
        {
            await AuditAsync(user, email, "login.success", ct);
            return LoginOutcome.Success;
        }
        if (result.RequiresTwoFactor)
        {
            await AuditAsync(user, email, "login.password-ok-2fa-pending", ct);
            return LoginOutcome.RequiresTwoFactor;
        }
        if (result.IsLockedOut)
        {
            // Identity refuses a locked account before hashing; the time must not tell.
            if (password is not null)
            {
                HashAnyway(password);
            }
            await AuditAsync(user, email, "login.locked-out", ct);
            logger.LogWarning("Account {UserId} is locked out", user.Id);
            return LoginOutcome.Failed;
        }
        await AuditAsync(user, email, "login.failed", ct);
        return LoginOutcome.Failed;
    }

    private async Task AuditAsync(AppUser? user, string email, string action, CancellationToken ct)
    {
        var actor = user is null
            ? new Actor("anonymous", UnknownLoginName(email), "", null)
            : new Actor(user.Id, user.Email ?? email, "", user.InstitutionId);
        Audit.Add(db, actor, action, "Login", user?.Id, null, null, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// What the audit keeps of a login name that matches no account: never the text itself (it may be a
    /// password typed into the wrong field), only a masked e-mail (first letter and domain) or that it was none.
    /// </summary>
    internal static string UnknownLoginName(string? typed)
    {
        var text = (typed ?? "").Trim();
        var at = text.LastIndexOf('@');
        return text.Length <= 254 && at > 0 && EmailShape().IsMatch(text)
            ? $"tidak dikenal: {text[0]}***@{text[(at + 1)..]}"
            : "tidak dikenal: (bukan alamat email)";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial System.Text.RegularExpressions.Regex EmailShape();
}

/// <summary>The per-account login limit (DESIGN: a rate limit per IP and per account).</summary>
public sealed class AccountLoginLimiter(IConfiguration configuration) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(email =>
        RateLimitPartition.GetFixedWindowLimiter(email, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = configuration.GetValue("Auth:LoginPerAccountPer15Minutes", 20),
            Window = TimeSpan.FromMinutes(15),
            QueueLimit = 0,
        }));

    public async Task<bool> TryAcquireAsync(string email, CancellationToken ct)
    {
        using var lease = await _limiter.AcquireAsync((email ?? "").Trim().ToUpperInvariant(), 1, ct);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
