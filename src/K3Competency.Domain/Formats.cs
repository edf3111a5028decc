using System.Globalization;

namespace K3Competency.Domain;

/// <summary>id-ID numbers and dates, WIB times (DESIGN §5.6).</summary>
public static class Formats
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("id-ID");
    public static readonly TimeZoneInfo Wib = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    /// <summary>12.619</summary>
    public static string Number(long n) => n.ToString("N0", Culture);

    /// <summary>87,5</summary>
    public static string Score(decimal? s) => s is null ? "–" : s.Value.ToString("0.#", Culture);

    /// <summary>16/11/2023</summary>
    public static string Date(DateOnly d) => d.ToString("dd/MM/yyyy", Culture);

    /// <summary>Kamis, 16 November 2023</summary>
    public static string LongDate(DateOnly d) => d.ToString("dddd, d MMMM yyyy", Culture);

    /// <summary>A wall-clock time as id-ID writes it: 08.00.</summary>
    public static string Time(TimeOnly t) => t.ToString("HH:mm", Culture);

    /// <summary>The time of a UTC instant in WIB: 08.05 WIB.</summary>
    public static string Time(DateTime utc) => InWib(utc).ToString("HH:mm", Culture) + " WIB";

    /// <summary>A UTC instant shown in WIB: 16/11/2023 08:05 WIB.</summary>
    public static string DateTime(DateTime utc) => InWib(utc).ToString("dd/MM/yyyy HH:mm", Culture) + " WIB";

    /// <summary>The UTC instant at which a day in WIB begins, for filters by date.</summary>
    public static DateTime WibMidnightUtc(DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), Wib);

    /// <summary>A UTC instant as the wall-clock time in WIB, for a spreadsheet cell that holds a date.</summary>
    public static DateTime InWib(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), Wib);
}
