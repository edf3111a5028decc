namespace K3Competency.Domain.Rules;

/// <summary>
/// Age in ten-year bands ("40–49 tahun"): what a role that sees NIKs masked may know of a birth date. The
/// exact date and the gender are digits 7-12 of the NIK, and shown beside its masked 4+4 digits they would
/// give the NIK back (issue 10, finding 7).
/// </summary>
public static class AgeBand
{
    public static string Of(DateOnly birthDate, DateOnly today)
    {
        var age = today.Year - birthDate.Year - (today < birthDate.AddYears(today.Year - birthDate.Year) ? 1 : 0);
        var low = Math.Max(0, age) / 10 * 10;
        return $"{low}–{low + 9} tahun";
    }
}
