using K3Competency.Domain.Rules;

namespace K3Competency.Application.Identity;

/// <summary>
/// What the search box of every list does with its text: a whole NIK finds that person exactly, other text is found
/// anywhere in a name. A role that sees NIKs masked may not search by a whole NIK, since a hit or a miss would confirm
/// a guessed NIK (issue 10, finding 7).
/// </summary>
public static class ListSearch
{
    public const string NikNotice =
        "Pencarian dengan NIK lengkap hanya untuk Staf Direktorat dan Admin, karena peran Anda melihat NIK yang disamarkan. Cari dengan nama peserta.";

    public static bool NikRefused(string? query, Actor actor) =>
        !actor.SeesFullNik && query is not null && Digits(query).Length >= Nik.Length;

    /// <summary>The whole NIK the query names (spaces, dots and dashes dropped), or null when it names none.</summary>
    public static string? WholeNik(string query)
    {
        var digits = Digits(query);
        return digits.Length == Nik.Length ? digits : null;
    }

    /// <summary>The query as an ILIKE pattern that finds it anywhere in the text, its own wildcards dropped.</summary>
    public static string Contains(string query) =>
        "%" + query.Trim().Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";

    private static string Digits(string query) => new([.. query.Where(char.IsAsciiDigit)]);
}
