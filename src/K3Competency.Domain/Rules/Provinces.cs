namespace K3Competency.Domain.Rules;

public sealed record Province(string Code, string Name);

/// <summary>The 38 Kemendagri province codes of DESIGN §5.2.</summary>
public static class Provinces
{
    public static readonly IReadOnlyList<Province> All =
    [
        new("11", "Aceh"), new("12", "Sumatera Utara"), new("13", "Sumatera Barat"), new("14", "Riau"),
        new("15", "Jambi"), new("16", "Sumatera Selatan"), new("17", "Bengkulu"), new("18", "Lampung"),
        new("19", "Kepulauan Bangka Belitung"), new("21", "Kepulauan Riau"), new("31", "DKI Jakarta"),
        new("32", "Jawa Barat"), new("33", "Jawa Tengah"), new("34", "DI Yogyakarta"), new("35", "Jawa Timur"),
        new("36", "Banten"), new("51", "Bali"), new("52", "Nusa Tenggara Barat"), new("53", "Nusa Tenggara Timur"),
        new("61", "Kalimantan Barat"), new("62", "Kalimantan Tengah"), new("63", "Kalimantan Selatan"),
        new("64", "Kalimantan Timur"), new("65", "Kalimantan Utara"), new("71", "Sulawesi Utara"),
        new("72", "Sulawesi Tengah"), new("73", "Sulawesi Selatan"), new("74", "Sulawesi Tenggara"),
        new("75", "Gorontalo"), new("76", "Sulawesi Barat"), new("81", "Maluku"), new("82", "Maluku Utara"),
        new("91", "Papua"), new("92", "Papua Barat"), new("93", "Papua Selatan"), new("94", "Papua Tengah"),
        new("95", "Papua Pegunungan"), new("96", "Papua Barat Daya"),
    ];

    private static readonly Dictionary<string, Province> ByCode = All.ToDictionary(p => p.Code, StringComparer.Ordinal);
    private static readonly Dictionary<string, Province> ByName = All.ToDictionary(p => Normalize(p.Name), StringComparer.Ordinal);

    public static Province? FindByCode(string? code) =>
        code is not null && ByCode.TryGetValue(code.Trim(), out var p) ? p : null;

    /// <summary>Files may give the code or the name, case-insensitive (DESIGN §5.2).</summary>
    public static Province? Find(string? codeOrName)
    {
        if (string.IsNullOrWhiteSpace(codeOrName))
        {
            return null;
        }
        return FindByCode(codeOrName) ?? (ByName.TryGetValue(Normalize(codeOrName), out var p) ? p : null);
    }

    public static string NameOf(string? code) => FindByCode(code)?.Name ?? code ?? "";

    private static string Normalize(string name) =>
        string.Join(' ', name.Trim().ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
