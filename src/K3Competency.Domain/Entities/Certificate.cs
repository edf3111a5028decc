namespace K3Competency.Domain.Entities;

/// <summary>Sertifikat of a completed registration; revoked certificates are kept.</summary>
public sealed class Certificate
{
    public long Id { get; set; }
    public long RegistrationId { get; set; }
    public Registration? Registration { get; set; }
    public int BatchId { get; set; }
    public int Sequence { get; set; }
    public string Number { get; set; } = "";
    public string VerificationCode { get; set; } = "";
    public DateTime IssuedAt { get; set; }
    public string IssuedBy { get; set; } = "";

    /// <summary>What the certificate states: the holder's name and whether it says high-performing, as at issue.</summary>
    public string HolderName { get; set; } = "";
    public bool HighPerforming { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
    public string? RevocationReason { get; set; }
    public uint Version { get; set; }
}
