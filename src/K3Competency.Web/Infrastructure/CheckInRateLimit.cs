using System.Threading.RateLimiting;
using K3Competency.Application;
using K3Competency.Application.CheckIn;
using K3Competency.Web.Api;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace K3Competency.Web.Infrastructure;

/// <summary>
/// The per-IP limit on check-ins (POST /api/v1/check-in and the phone page's form), CheckIn:PerIpPerMinute (default
/// 300: a venue's phones often share one address). Showing the phone page is free; only check-ins count.
/// </summary>
public sealed class CheckInRateLimit(IOptionsMonitor<CheckInOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "check-in";

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        if (!HttpMethods.IsPost(httpContext.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("read");
        }
        var limit = options.CurrentValue.PerIpPerMinute;
        return RateLimitPartition.GetFixedWindowLimiter(httpContext.Connection.RemoteIpAddress?.ToString() ?? "local",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = (context, ct) =>
        RateLimitAnswer.WriteAsync(context, "Terlalu banyak presensi", "Terlalu banyak presensi dari alamat ini. Tunggu satu menit, lalu coba lagi.", ct);
}

/// <summary>What a refused request gets: Retry-After, and for the API an Indonesian problem (a page shows /Status's 429).</summary>
public static class RateLimitAnswer
{
    public static async ValueTask WriteAsync(OnRejectedContext context, string title, string detail, CancellationToken ct)
    {
        var response = context.HttpContext.Response;
        response.Headers.RetryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry)
            ? ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "60";
        if (context.HttpContext.Request.IsApi())
        {
            await ApiProblems.For(Failure.TooManyRequests, detail, title).ExecuteAsync(context.HttpContext);
        }
    }
}
