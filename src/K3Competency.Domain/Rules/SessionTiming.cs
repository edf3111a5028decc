namespace K3Competency.Domain.Rules;

/// <summary>
/// The timing rules of DESIGN §10.1-10.3, for the venue check-in and the online-meeting report alike: a session's
/// window is its date with its start and end in WIB; arriving later than lateAfterMinutes after the start is late;
/// online, minutes present in the window at or above onlineMinPresentPercent of it count as present.
/// </summary>
public static class SessionTiming
{
    /// <summary>The session's window as UTC instants.</summary>
    public static (DateTime StartUtc, DateTime EndUtc) Window(DateOnly date, TimeOnly start, TimeOnly end) =>
        (ToUtc(date, start), ToUtc(date, end));

    /// <summary>Today's date in WIB at <paramref name="utc"/>.</summary>
    public static DateOnly WibDate(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Formats.Wib));

    /// <summary>A wall-clock time in WIB on a date, as UTC.</summary>
    public static DateTime ToUtc(DateOnly date, TimeOnly time) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(time, DateTimeKind.Unspecified), Formats.Wib);

    /// <summary>Later than <paramref name="lateAfterMinutes"/> after the start; exactly at the limit is still on time.</summary>
    public static bool IsLate(DateTime startUtc, DateTime arrivalUtc, int lateAfterMinutes) =>
        arrivalUtc > startUtc.AddMinutes(lateAfterMinutes);

    /// <summary>HADIR or TERLAMBAT at the venue, by the time of the check-in.</summary>
    public static AttendanceStatus AtVenue(DateTime startUtc, DateTime checkInUtc, int lateAfterMinutes) =>
        IsLate(startUtc, checkInUtc, lateAfterMinutes) ? AttendanceStatus.Terlambat : AttendanceStatus.Hadir;

    /// <summary>
    /// Online (DESIGN §10.2): present for at least <paramref name="minPresentPercent"/> of the window → HADIR, or
    /// TERLAMBAT when the first join is late; less → ALPA. Compared as minutes*100 ≥ percent*window, with no
    /// rounded percentage in between. A report without join times (Zoom's unique-users form) cannot make anyone late.
    /// </summary>
    public static AttendanceStatus Online(double minutesPresent, double windowMinutes, decimal minPresentPercent,
        DateTime startUtc, DateTime? firstJoinUtc, int lateAfterMinutes)
    {
        if (windowMinutes <= 0 || (decimal)minutesPresent * 100m < minPresentPercent * (decimal)windowMinutes)
        {
            return AttendanceStatus.Alpa;
        }
        return firstJoinUtc is { } join && IsLate(startUtc, join, lateAfterMinutes) ? AttendanceStatus.Terlambat : AttendanceStatus.Hadir;
    }
}
