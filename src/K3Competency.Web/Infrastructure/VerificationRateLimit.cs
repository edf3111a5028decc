using System.Threading.RateLimiting;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.RateLimiting;

namespace K3Competency.Web.Infrastructure;

/// <summary>
/// The per-IP limit on public certificate look-ups (the /verifikasi page, GET /api/v1/certificates/{code} and
/// POST /api/v1/credentials/verify): codes are unguessable, and this keeps anyone from trying many of them or
/// using the credential check as a signing oracle. Only requests that name a code or post a credential count;
/// the empty form is free. Configured by Verification:PerIpPerMinute (default 30).
/// </summary>
public sealed class VerificationRateLimit(IConfiguration configuration) : IRateLimiterPolicy<string>
{
    public const string Name = "verify";
    public const int DefaultPerIpPerMinute = 30;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        if (httpContext.GetRouteValue("code") is not string { Length: > 0 } && !HttpMethods.IsPost(httpContext.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("no-code");
        }
        var limit = configuration.GetValue("Verification:PerIpPerMinute", DefaultPerIpPerMinute);
        return RateLimitPartition.GetFixedWindowLimiter(httpContext.Connection.RemoteIpAddress?.ToString() ?? "local",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }

    /// <summary>
    /// The API answers with an Indonesian problem; a page gets no body, so the status-code page (/Status)
    /// shows its own 429 message.
    /// </summary>
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = (context, ct) =>
        RateLimitAnswer.WriteAsync(context, "Terlalu banyak permintaan verifikasi",
            "Terlalu banyak pemeriksaan sertifikat atau kredensial dari alamat ini. Tunggu satu menit, lalu coba lagi.", ct);
}

public static class VerificationRateLimitSetup
{
    /// <summary>Adds the "verify" and "check-in" policies beside the others of AddRateLimiter (AuthSetup).</summary>
    public static IServiceCollection AddPublicRateLimits(this IServiceCollection services) =>
        services.Configure<RateLimiterOptions>(o =>
        {
            o.AddPolicy<string, VerificationRateLimit>(VerificationRateLimit.Name);
            o.AddPolicy<string, CheckInRateLimit>(CheckInRateLimit.Name);
        });
}
