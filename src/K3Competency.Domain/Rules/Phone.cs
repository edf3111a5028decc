using System.Text.RegularExpressions;

namespace K3Competency.Domain.Rules;

/// <summary>Indonesian mobile numbers (DESIGN §5.4): written 08…, 628… or +628…, stored as +628….</summary>
public static partial class Phone
{
    public const string Error = "Nomor HP harus nomor seluler Indonesia yang diawali 08 atau +628, 10-13 digit (contoh 081234567890).";

    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }
        var text = input.Trim().TrimStart('\'');
        text = Separators().Replace(text, "");
        string rest;
        if (text.StartsWith("+628", StringComparison.Ordinal))
        {
            rest = text[4..];
        }
        else if (text.StartsWith("628", StringComparison.Ordinal))
        {
            rest = text[3..];
        }
        else if (text.StartsWith("08", StringComparison.Ordinal))
        {
            rest = text[2..];
        }
        else
        {
            return false;
        }
        // 08 + 8..11 digits: 10 to 13 digits in the national form.
        if (rest.Length is < 8 or > 11 || !rest.All(char.IsAsciiDigit))
        {
            return false;
        }
        normalized = "+628" + rest;
        return true;
    }

    [GeneratedRegex(@"[\s.\-()]")]
    private static partial Regex Separators();
}
