using K3Competency.Application;
using K3Competency.Application.CheckIn;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using K3Competency.Web.Pages.Certificates;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.CheckIn;

/// <summary>
/// The full-screen check-in display of a session (DESIGN §10.3): a QR code for /presensi/{token} that changes every
/// 30 seconds and the count of those present against those registered. checkin-display.js polls the State handler;
/// without script the page reloads itself.
/// </summary>
public sealed class DisplayModel(CheckInService checkIn) : PageModel
{
    public const int RefreshSeconds = 3;

    public CheckInDisplay Display { get; private set; } = null!;
    public string CheckInUrl { get; private set; } = "";
    public string Qr { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int batchId, int number, CancellationToken ct)
    {
        var result = await checkIn.DisplayAsync(batchId, number, User.ToActor(), ct);
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        Display = result.Value!;
        CheckInUrl = PublicLinks.CheckIn(Request, Display.Token);
        Qr = CertificateLinks.QrDataUri(CheckInUrl);
        return Page();
    }

    /// <summary>What the script refreshes: the token (and its QR code when it changed), and the counts.</summary>
    public async Task<IActionResult> OnGetStateAsync(int batchId, int number, string? have, CancellationToken ct)
    {
        var result = await checkIn.DisplayAsync(batchId, number, User.ToActor(), ct);
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        var d = result.Value!;
        var url = PublicLinks.CheckIn(Request, d.Token);
        return new JsonResult(new
        {
            token = d.Token,
            url,
            qr = d.Token == have ? null : CertificateLinks.QrDataUri(url),
            expiresAt = d.ExpiresAt,
            checkedIn = d.CheckedIn,
            registered = d.Registered,
        });
    }
}
