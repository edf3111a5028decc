namespace K3Competency.Application.CheckIn;

/// <summary>The venue check-in (DESIGN §10.3), configuration section "CheckIn".</summary>
public sealed class CheckInOptions
{
    public const string Section = "CheckIn";

    /// <summary>
    /// The HMAC key of the QR tokens, base64 (32 bytes or more). When unset the app makes one and keeps it in PostgreSQL
    /// protected by Data Protection, so every instance signs with the same key.
    /// </summary>
    public string? TokenKey { get; set; }

    /// <summary>Check-ins per minute from one IP address. A venue's phones often share one address, hence generous.</summary>
    public int PerIpPerMinute { get; set; } = 300;

    /// <summary>A device that checked in at least this many different people in one session is listed for staff.</summary>
    public int DeviceAlertThreshold { get; set; } = 3;

    /// <summary>Minutes a scanned QR code leaves to type the NIK on the phone page (the QR itself changes every 30 s).</summary>
    public int FormMinutes { get; set; } = 3;

    /// <summary>
    /// Database connections the check-ins of one app instance use at most (their own pool). A crowd at the door waits
    /// for one in turn, first come first served, rather than as a hundred PostgreSQL backends sharing the machine's
    /// cores and locks (docs/PERFORMANCE.md, the check-in bench).
    /// </summary>
    public int DatabaseConnections { get; set; } = 16;
}
