using System.Globalization;
using System.Threading.RateLimiting;
using K3Competency.Application;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace K3Competency.Web.Infrastructure.Auth;

public static class AuthSetup
{
    public const string SelectorScheme = "K3";
    public const string CookieName = "k3.auth";
    public const string LoginRateLimit = "login";
    public const string MustChangePasswordClaim = "k3:must-change-password";
    public const string MustEnrolTwoFactorClaim = "k3:must-enrol-2fa";
    private const string AbsoluteExpiryItem = "k3.absolute-expiry";

    public static void AddK3Auth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var development = builder.Environment.IsDevelopment();

        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                // OWASP ASVS 5 L2: length, not composition.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<K3DbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<IndonesianIdentityErrors>()
            .AddPasswordValidator<MaxLengthPasswordValidator>()
            .AddPasswordValidator<CommonPasswordValidator>()
            // Replaces the default authenticator provider: each code is accepted once (ASVS 2.8.4).
            .AddTokenProvider<SingleUseAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddClaimsPrincipalFactory<K3ClaimsFactory>()
            .AddSignInManager<K3SignInManager>();


        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SelectorScheme;
                o.DefaultAuthenticateScheme = SelectorScheme;
                o.DefaultChallengeScheme = SelectorScheme;
                o.DefaultForbidScheme = SelectorScheme;
            })
            .AddPolicyScheme(SelectorScheme, "Cookie or bearer", o => o.ForwardDefaultSelector = ctx =>
                IsBearer(ctx.Request) ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromHours(1);
                o.RefreshTokenExpiration = TimeSpan.FromHours(12);
            });

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            // Idle timeout: 30 minutes, renewed while in use; the absolute lifetime is checked below.
            o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = ctx => Answer(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Answer(ctx, StatusCodes.Status403Forbidden);
            o.Events.OnSigningIn = ctx =>
            {
                var time = ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                ctx.Properties.Items[AbsoluteExpiryItem] = time.GetUtcNow().AddHours(12).ToString("O", CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            };
            o.Events.OnValidatePrincipal = async ctx =>
            {
                var time = ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                if (!ctx.Properties.Items.TryGetValue(AbsoluteExpiryItem, out var text)
                    || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiry)
                    || time.GetUtcNow() > expiry)
                {
                    ctx.RejectPrincipal();
                    await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                }
                // The security stamp, disabled state, role and institution are checked on every request, for
                // cookies and bearer tokens alike, by SessionRevalidation (not at an interval).
            };
        });

        services.AddAuthorization(Policies.Add);
        services.AddParticipantAuth(development);
        services.AddScoped<LoginService>();
        services.AddSingleton<AccountLoginLimiter>();
        services.AddScoped<UserService>();
        services.AddScoped<AccountSessions>();
        services.AddScoped<IdentitySeeder>();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginRateLimit, ctx =>
            {
                if (!HttpMethods.IsPost(ctx.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("read");
                }
                var limit = ctx.RequestServices.GetRequiredService<IConfiguration>().GetValue("Auth:LoginPerIpPerMinute", 30);
                return RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
    }

    public static bool IsApi(this HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>The request authenticates with a bearer token (the API's clients), not with the login cookie.</summary>
    public static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>The API answers 401/403; pages redirect to the login page, or show the 403 page.</summary>
    private static Task Answer(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.IsApi() || status == StatusCodes.Status403Forbidden)
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A user who must change a temporary password, or whose role requires a second factor not yet set up,
    /// can reach only the page that fixes it (and logout).
    /// </summary>
    public static IApplicationBuilder UseAccountRequirements(this IApplicationBuilder app) =>
        app.Use(async (ctx, next) =>
        {
            var user = ctx.User;
            if (user.Identity?.IsAuthenticated == true)
            {
                var path = ctx.Request.Path;
                string? target = user.HasClaim(c => c.Type == MustChangePasswordClaim) ? "/Account/ChangePassword"
                    : user.HasClaim(c => c.Type == MustEnrolTwoFactorClaim) ? "/Account/TwoFactor"
                    : null;
                if (target is not null && !path.StartsWithSegments(target, StringComparison.OrdinalIgnoreCase)
                    && !path.StartsWithSegments("/Account/Logout", StringComparison.OrdinalIgnoreCase)
                    && !path.StartsWithSegments("/Status", StringComparison.OrdinalIgnoreCase)
                    && !path.StartsWithSegments("/Error", StringComparison.OrdinalIgnoreCase))
                {
                    if (ctx.Request.IsApi())
                    {
                        await ApiProblems.For(Failure.Forbidden,
                            "Ganti kata sandi sementara atau aktifkan verifikasi dua langkah melalui aplikasi web terlebih dahulu.",
                            "Akun perlu diperbarui").ExecuteAsync(ctx);
                        return;
                    }
                    ctx.Response.Redirect(target);
                    return;
                }
            }
            await next(ctx);
        });
}
