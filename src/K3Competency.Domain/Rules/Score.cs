using System.Globalization;

namespace K3Competency.Domain.Rules;

/// <summary>Test scores (DESIGN §5.5): 0-100, at most one decimal, decimal point or comma.</summary>
public static class Score
{
    public const decimal Min = 0m;
    public const decimal Max = 100m;

    public static bool TryParse(string? input, out decimal score, out string? error)
    {
        score = 0;
        error = null;
        var text = input?.Trim() ?? "";
        if (text.Length == 0)
        {
            error = "Nilai wajib diisi (0-100).";
            return false;
        }
        if (text.Count(c => c is ',' or '.') > 1)
        {
            error = $"Nilai \"{text}\" tidak dapat dibaca; tulis angka 0-100 dengan paling banyak satu desimal, misalnya 87,5.";
            return false;
        }
        var normalized = text.Replace(',', '.');
        if (!decimal.TryParse(normalized, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            error = $"Nilai \"{text}\" tidak dapat dibaca; tulis angka 0-100 dengan paling banyak satu desimal, misalnya 87,5.";
            return false;
        }
        return Check(value, text, out score, out error);
    }

    public static bool Check(decimal value, string shown, out decimal score, out string? error)
    {
        score = 0;
        error = null;
        if (value is < Min or > Max)
        {
            error = $"Nilai {shown} di luar rentang 0-100.";
            return false;
        }
        if (decimal.Round(value, 1) != value)
        {
            error = $"Nilai {shown} memiliki lebih dari satu angka desimal; bulatkan ke satu desimal.";
            return false;
        }
        score = value;
        return true;
    }
}
