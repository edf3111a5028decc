using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace K3Competency.Web.Infrastructure;

/// <summary>
/// The per-IP limit on the public forms that write or send mail: self-registration (/daftar and its API) and the
/// participant's sign-in link (/saya). Only submissions count (POST); showing the form is free. Configured by
/// SelfService:PerIpPerMinute (default 10), a few tries for one family behind one address, too few to flood.
/// </summary>
public sealed class PublicFormRateLimit(IConfiguration configuration) : IRateLimiterPolicy<string>
{
    public const string Name = "public-form";
    public const int DefaultPerIpPerMinute = 10;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        if (!HttpMethods.IsPost(httpContext.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("read");
        }
        var limit = configuration.GetValue("SelfService:PerIpPerMinute", DefaultPerIpPerMinute);
        return RateLimitPartition.GetFixedWindowLimiter(httpContext.Connection.RemoteIpAddress?.ToString() ?? "local",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = (context, ct) =>
        RateLimitAnswer.WriteAsync(context, "Terlalu banyak permintaan",
            "Terlalu banyak pendaftaran atau permintaan tautan dari alamat ini. Tunggu satu menit, lalu coba lagi.", ct);
}
