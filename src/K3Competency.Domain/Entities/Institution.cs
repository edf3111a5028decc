namespace K3Competency.Domain.Entities;

/// <summary>Lembaga: a training institution, PJK3, association or the directorate itself.</summary>
public sealed class Institution
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public InstitutionType Type { get; set; }
    public string ProvinceCode { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public uint Version { get; set; }
}
