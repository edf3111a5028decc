namespace K3Competency.Domain.Entities;

/// <summary>
/// One check-in at the venue (DESIGN §10.3), first or repeated, with the device it came from, so staff can see
/// one phone that checked in many people (possible proxy attendance).
/// </summary>
public sealed class CheckInEvent
{
    public long Id { get; set; }
    public int SessionId { get; set; }
    public long RegistrationId { get; set; }
    /// <summary>A keyed hash of the device cookie, or of address and browser when there is none; never the address itself.</summary>
    public string Device { get; set; } = "";
    /// <summary>The browser as it named itself, shortened: lets staff tell two phones apart.</summary>
    public string? UserAgent { get; set; }
    /// <summary>True for the check-in that wrote the attendance, false for a repeat.</summary>
    public bool First { get; set; }
    public DateTime At { get; set; }
}
