namespace K3Competency.Domain.Entities;

/// <summary>Peserta: one person, unique by NIK.</summary>
public sealed class Participant
{
    public long Id { get; set; }
    public string Nik { get; set; } = "";
    public string FullName { get; set; } = "";
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public Gender Gender { get; set; }
    public DateOnly BirthDate { get; set; }
    public string ProvinceCode { get; set; } = "";
    public string? Employer { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public uint Version { get; set; }

    public List<Registration> Registrations { get; } = [];
}
