using System.Globalization;
using System.Text.RegularExpressions;

namespace K3Competency.Domain.Rules;

/// <summary>
/// Nomor Induk Kependudukan (DESIGN §5.1): 16 digits; 1-2 province, 3-6 regency and district, 7-12 DDMMYY
/// birth date with DD+40 for women, 13-16 a serial that is never 0000.
/// </summary>
public readonly partial record struct Nik(string Value, DateOnly BirthDate, Gender Gender, string ProvinceCode)
{
    public const int Length = 16;

    public string Masked => Mask(Value);

    public override string ToString() => Masked;

    /// <summary>3578********0001: first four and last four digits, as every list shows a NIK.</summary>
    public static string Mask(string? nik) =>
        nik is { Length: Length } ? string.Concat(nik.AsSpan(0, 4), "********", nik.AsSpan(12, 4)) : "****************";

    public static NikResult Parse(string? input, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return NikResult.Fail("NIK wajib diisi (16 digit).");
        }

        var text = input.Trim();
        if (text.StartsWith('\''))
        {
            // Excel's "this cell is text" marker.
            text = text[1..];
        }

        if (ScientificNotation().IsMatch(text))
        {
            return NikResult.Fail(
                $"NIK \"{text}\" tertulis dalam notasi ilmiah karena Excel menyimpannya sebagai angka dan digit terakhirnya hilang. " +
                "Format kolom NIK sebagai Teks, ketik ulang NIK lengkap, lalu simpan kembali berkasnya.");
        }

        var digits = Separators().Replace(text, "");
        if (!digits.All(char.IsAsciiDigit))
        {
            return NikResult.Fail("NIK hanya boleh berisi angka (spasi, titik dan tanda hubung diabaikan).");
        }
        if (digits.Length != Length)
        {
            return NikResult.Fail($"NIK harus tepat 16 digit; yang tertulis {digits.Length} digit.");
        }

        var provinceCode = digits[..2];
        if (Provinces.FindByCode(provinceCode) is null)
        {
            return NikResult.Fail($"Dua digit pertama NIK ({provinceCode}) bukan kode provinsi yang dikenal.");
        }

        var day = int.Parse(digits.AsSpan(6, 2), CultureInfo.InvariantCulture);
        var month = int.Parse(digits.AsSpan(8, 2), CultureInfo.InvariantCulture);
        var yy = int.Parse(digits.AsSpan(10, 2), CultureInfo.InvariantCulture);
        var gender = Gender.L;
        if (day > 40)
        {
            day -= 40;
            gender = Gender.P;
        }
        // YY is 20YY unless that year is still to come, then 19YY.
        var year = 2000 + yy <= today.Year ? 2000 + yy : 1900 + yy;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return NikResult.Fail($"Digit 7-12 NIK ({digits.Substring(6, 6)}) bukan tanggal lahir yang valid (DDMMYY, tanggal +40 untuk perempuan).");
        }
        var birthDate = new DateOnly(year, month, day);
        if (birthDate > today)
        {
            return NikResult.Fail($"Tanggal lahir pada NIK ({birthDate:dd/MM/yyyy}) ada di masa depan.");
        }
        if (digits.EndsWith("0000", StringComparison.Ordinal))
        {
            return NikResult.Fail("Empat digit terakhir NIK (nomor urut) tidak boleh 0000.");
        }

        return NikResult.Ok(new Nik(digits, birthDate, gender, provinceCode));
    }

    [GeneratedRegex(@"^[0-9]+([.,][0-9]+)?[eE][+-]?[0-9]+$")]
    private static partial Regex ScientificNotation();

    [GeneratedRegex(@"[\s.\-]")]
    private static partial Regex Separators();
}

public readonly record struct NikResult(Nik? Nik, string? Error)
{
    public bool IsValid => Nik is not null;

    public static NikResult Ok(Nik nik) => new(nik, null);

    public static NikResult Fail(string error) => new(null, error);
}
