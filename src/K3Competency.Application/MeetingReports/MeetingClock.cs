using System.Globalization;
using K3Competency.Domain;

namespace K3Competency.Application.MeetingReports;

/// <summary>
/// Reads the times and durations of meeting reports (DESIGN §10.2) as the platforms write them: Zoom
/// "11/16/2023 08:02:11 AM", Teams "11/16/23, 8:02:11 AM" or day-first "16/11/2023, 08.02.11", Google Meet a bare
/// "8:02 AM" on the meeting's day. A report's times are the wall-clock time of whoever exported it, taken as WIB.
/// Month-first or day-first is decided per value by the session's date: of the two readings, the one on (or
/// nearest to) that day wins, so 11/05/23 is 5 November for a session on 5 November and 11 May for one on 11 May.
/// </summary>
internal sealed class MeetingClock(DateOnly sessionDate)
{
    private static readonly string[] TimeFormats =
    [
        "h:mm:ss tt", "h:mm tt", "hh:mm:ss tt", "hh:mm tt", "H:mm:ss", "H:mm", "HH:mm:ss", "HH:mm", "H.mm.ss", "H.mm", "HH.mm.ss", "HH.mm",
    ];

    public DateOnly SessionDate { get; } = sessionDate;

    /// <summary>A date and time (or a bare time, on the session's date), as UTC; false when it cannot be read.</summary>
    public bool TryParse(string? text, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var value = text.Trim().Replace('\u202F', ' ').Replace('\u00A0', ' ');
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
            && (value.Contains('T', StringComparison.Ordinal) && (value.EndsWith('Z') || value.Contains('+', StringComparison.Ordinal))))
        {
            utc = withOffset.UtcDateTime;
            return true;
        }
        // "16/11/2023, 08:02:11", "11/16/2023 08:02:11 AM", "2023-11-16 08:02:11", or just "8:02 AM".
        var comma = value.IndexOf(',', StringComparison.Ordinal);
        string datePart, timePart;
        if (comma >= 0)
        {
            datePart = value[..comma].Trim();
            timePart = value[(comma + 1)..].Trim();
        }
        else
        {
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            var firstIsDate = space > 0 && value[..space].IndexOfAny(['/', '-']) > 0
                              || (space < 0 && value.IndexOfAny(['/', '-']) > 0);
            if (firstIsDate)
            {
                datePart = space > 0 ? value[..space] : value;
                timePart = space > 0 ? value[(space + 1)..].Trim() : "";
            }
            else
            {
                datePart = "";
                timePart = value;
            }
        }
        DateOnly date;
        if (datePart.Length == 0)
        {
            date = SessionDate;
        }
        else if (!TryDate(datePart, out date))
        {
            return false;
        }
        var time = TimeOnly.MinValue;
        if (timePart.Length > 0 && !TimeOnly.TryParseExact(timePart.ToUpperInvariant().Replace("A.M.", "AM", StringComparison.Ordinal).Replace("P.M.", "PM", StringComparison.Ordinal),
                TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out time))
        {
            return false;
        }
        utc = TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(time, DateTimeKind.Unspecified), Formats.Wib);
        return true;
    }

    private bool TryDate(string text, out DateOnly date)
    {
        date = default;
        var parts = text.Split(['/', '-', '.'], StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
        {
            return false;
        }
        var n = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        if (parts[0].Length == 4)
        {
            return TryMake(n[0], n[1], n[2], out date);
        }
        var year = parts[2].Length <= 2 ? 2000 + n[2] : n[2];
        var monthFirst = TryMake(year, n[0], n[1], out var md);
        var dayFirst = TryMake(year, n[1], n[0], out var dm);
        if (monthFirst && dayFirst)
        {
            date = Distance(md) <= Distance(dm) ? md : dm;
            return true;
        }
        date = monthFirst ? md : dm;
        return monthFirst || dayFirst;
    }

    private int Distance(DateOnly d) => Math.Abs(d.DayNumber - SessionDate.DayNumber);

    private static bool TryMake(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year is < 2000 or > 2100 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>
    /// A duration: Zoom's minutes ("244"), Teams' "7h 58m 41s", Meet's "1 hr 23 min" or "30 sec", or "1:23:45".
    /// </summary>
    public static bool TryDuration(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var value = text.Trim().ToLowerInvariant();
        if (double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var minutes))
        {
            duration = TimeSpan.FromMinutes(minutes);
            return true;
        }
        if (TimeSpan.TryParseExact(value, [@"h\:mm\:ss", @"hh\:mm\:ss", @"m\:ss"], CultureInfo.InvariantCulture, out duration))
        {
            return true;
        }
        var total = TimeSpan.Zero;
        var i = 0;
        var any = false;
        while (i < value.Length)
        {
            while (i < value.Length && (value[i] == ' ' || value[i] == ','))
            {
                i++;
            }
            var start = i;
            while (i < value.Length && char.IsAsciiDigit(value[i]))
            {
                i++;
            }
            if (start == i)
            {
                return i >= value.Length && any && Done(total, out duration);
            }
            var number = int.Parse(value.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            while (i < value.Length && value[i] == ' ')
            {
                i++;
            }
            var unitStart = i;
            while (i < value.Length && char.IsAsciiLetter(value[i]))
            {
                i++;
            }
            var unit = value[unitStart..i].TrimEnd('.');
            switch (unit)
            {
                case "h" or "hr" or "hrs" or "hour" or "hours" or "j" or "jam":
                    total += TimeSpan.FromHours(number);
                    break;
                case "m" or "min" or "mins" or "minute" or "minutes" or "mnt" or "menit":
                    total += TimeSpan.FromMinutes(number);
                    break;
                case "s" or "sec" or "secs" or "second" or "seconds" or "dtk" or "detik":
                    total += TimeSpan.FromSeconds(number);
                    break;
                default:
                    return false;
            }
            any = true;
            if (i < value.Length && value[i] == '.')
            {
                i++;
            }
        }
        return any && Done(total, out duration);
    }

    private static bool Done(TimeSpan total, out TimeSpan duration)
    {
        duration = total;
        return true;
    }
}
