using K3Competency.Application.CheckIn;

namespace K3Competency.Web.Infrastructure;

/// <summary>
/// Which device a check-in comes from (DESIGN §10.3, proxy attendance): the phone page gives each browser a random
/// cookie; a client without it (the API) is told apart by its address and browser. The service keeps only a keyed
/// hash of either.
/// </summary>
public static class CheckInDevices
{
    public const string Cookie = "k3.perangkat";

    public static CheckInDevice Of(HttpContext http)
    {
        var agent = http.Request.Headers.UserAgent.ToString();
        var identity = http.Request.Cookies.TryGetValue(Cookie, out var id) && id.Length is > 0 and <= 64
            ? "cookie:" + id
            : $"ip:{http.Connection.RemoteIpAddress}|ua:{agent}";
        return new CheckInDevice(identity, agent.Length == 0 ? null : agent);
    }

    /// <summary>Gives the browser its device cookie once (a year, HttpOnly: no script needs it).</summary>
    public static void Ensure(HttpContext http)
    {
        if (http.Request.Cookies.ContainsKey(Cookie))
        {
            return;
        }
        http.Response.Cookies.Append(Cookie, Guid.NewGuid().ToString("N"), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(365),
            IsEssential = true,
        });
    }
}
