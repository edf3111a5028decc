using System.Globalization;

namespace K3Competency.Domain.Rules;

/// <summary>
/// Nomor Induk Pegawai of a civil servant (PP 11/2017; BKN): 18 digits, 1-8 birth date YYYYMMDD, 9-14 the
/// month of appointment YYYYMM, 15 gender (1 man, 2 woman), 16-18 a serial. Printed grouped as
/// "19700101 199503 1 001", as on official letters.
/// </summary>
public static class Nip
{
    public const int Length = 18;

    /// <summary>The 18 digits of what was typed (spaces, dots and dashes ignored), or an Indonesian message saying what is wrong.</summary>
    public static (string? Value, string? Error) Parse(string? input)
    {
        var digits = new string((input ?? "").Where(c => !char.IsWhiteSpace(c) && c is not '.' and not '-').ToArray());
        if (digits.Length != Length || !digits.All(char.IsAsciiDigit))
        {
            return (null, $"NIP harus {Length} digit angka, misalnya 19700101 199503 1 001.");
        }
        if (!DateOnly.TryParseExact(digits[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return (null, "Digit 1-8 NIP harus tanggal lahir yang benar (TTTTBBHH).");
        }
        if (!int.TryParse(digits[12..14], CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12)
        {
            return (null, "Digit 9-14 NIP harus bulan pengangkatan (TTTTBB) dengan bulan 01-12.");
        }
        if (digits[14] is not ('1' or '2'))
        {
            return (null, "Digit ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan).");
        }
        return (digits, null);
    }

    /// <summary>19700101 199503 1 001; anything that is not 18 digits is returned as it is.</summary>
    public static string Format(string nip) =>
        nip.Length == Length ? $"{nip[..8]} {nip[8..14]} {nip[14]} {nip[15..]}" : nip;
}
