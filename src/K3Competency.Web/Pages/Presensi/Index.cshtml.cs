using K3Competency.Application;
using K3Competency.Application.CheckIn;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace K3Competency.Web.Pages.Presensi;

/// <summary>
/// The phone page of the venue check-in (DESIGN §10.3), opened by scanning the display's QR code: type the NIK, see
/// HADIR or TERLAMBAT with the masked name and the time. Works without script. A scan in time leaves a few minutes
/// to type (the form ticket), although the QR code itself changes every 30 seconds.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(CheckInRateLimit.Name)]
public sealed class IndexModel(CheckInService checkIn) : PageModel
{
    [BindProperty] public string? Nik { get; set; }
    [BindProperty] public string? Ticket { get; set; }

    public string Token { get; private set; } = "";
    public Failure Refusal { get; private set; }
    public string? Message { get; private set; }
    public CheckInResult? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        Token = token;
        CheckInDevices.Ensure(HttpContext);
        var scan = await checkIn.ScanAsync(token, ct);
        if (!scan.Succeeded)
        {
            Show(scan);
            return Page();
        }
        Ticket = await checkIn.TicketAsync(token, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        Token = token;
        var result = await checkIn.CheckInAsync(token, Nik, CheckInDevices.Of(HttpContext), Ticket, ct);
        if (result.Succeeded)
        {
            Result = result.Value;
            return Page();
        }
        Show(result);
        return Page();
    }

    /// <summary>The refusal on the page, with its failure's status (a page of its own, not the status page).</summary>
    private void Show<T>(ServiceResult<T> result)
    {
        Refusal = result.Failure;
        Message = result.Message;
        Response.StatusCode = Failures.StatusOf(result.Failure);
        MistypedNik = result.Errors.ContainsKey("nik");
    }

    private bool MistypedNik { get; set; }

    /// <summary>The form stays for a mistyped or unknown NIK; an expired or foreign code needs a new scan.</summary>
    public bool ShowsForm => Result is null && (Refusal == Failure.None || MistypedNik);

    public static string StatusName(string code) => DisplayNames.Of(Codes.Parse<AttendanceStatus>(code));
}
