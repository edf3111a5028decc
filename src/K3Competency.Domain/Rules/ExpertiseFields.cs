namespace K3Competency.Domain.Rules;

public sealed record ExpertiseField(string Code, string Name);

/// <summary>Bidang keahlian Ahli K3 of DESIGN §5.3.</summary>
public static class ExpertiseFields
{
    public static readonly IReadOnlyList<ExpertiseField> All =
    [
        new("UMUM", "K3 Umum"),
        new("LISTRIK", "K3 Listrik"),
        new("KONSTRUKSI", "K3 Konstruksi"),
        new("KEBAKARAN", "K3 Penanggulangan Kebakaran"),
        new("KIMIA", "K3 Kimia"),
        new("ELEVATOR_ESKALATOR", "K3 Elevator dan Eskalator"),
        new("LINGKUNGAN_KERJA", "K3 Lingkungan Kerja"),
        new("PESAWAT_ANGKAT_ANGKUT", "K3 Pesawat Angkat dan Angkut"),
        new("PESAWAT_TENAGA_PRODUKSI", "K3 Pesawat Tenaga dan Produksi"),
        new("PESAWAT_UAP_BEJANA_TEKAN", "K3 Pesawat Uap dan Bejana Tekan"),
    ];

    private static readonly Dictionary<string, ExpertiseField> ByCode =
        All.ToDictionary(f => f.Code, StringComparer.OrdinalIgnoreCase);

    public static ExpertiseField? Find(string? code) =>
        code is not null && ByCode.TryGetValue(code.Trim(), out var f) ? f : null;

    public static string NameOf(string? code) => Find(code)?.Name ?? code ?? "";

    public static IReadOnlyList<string> Codes { get; } = [.. All.Select(f => f.Code)];
}
