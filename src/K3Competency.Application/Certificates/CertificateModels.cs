using K3Competency.Domain;

namespace K3Competency.Application.Certificates;

/// <summary>Answer of an issuing call: certificates created now, and completed registrations that already held a live one.</summary>
public sealed record IssueResult(int Issued, int AlreadyIssued);

/// <summary>One row of a batch's certificate list (Staff/Admin).</summary>
public sealed record CertificateListItem(
    string Number,
    string Code,
    string ParticipantName,
    DateTime IssuedAt,
    DateTime? RevokedAt,
    string? RevocationReason,
    bool HighPerforming,
    long RegistrationId);

public sealed record RevokeResult(string Number, string Code, DateTime RevokedAt, string RevocationReason);

/// <summary>
/// What anyone holding a verification code may see. The holder's name is masked (see <see cref="HolderName"/>),
/// so the public page confirms a paper certificate without publishing a list of names.
/// </summary>
public sealed record CertificateVerification(
    bool Valid,
    string Number,
    string Holder,
    string Programme,
    string ProgrammeCode,
    int Batch,
    DateOnly BatchStartDate,
    DateOnly BatchEndDate,
    DateTime IssuedAt,
    DateTime? RevokedAt,
    string? RevocationReason);

/// <summary>Everything the printable certificate shows.</summary>
public sealed record CertificateDocument(
    string Number,
    string VerificationCode,
    string ProgrammeName,
    string ProgrammeCode,
    string Organizer,
    string ParticipantName,
    ParticipantCategory Category,
    string? ExpertiseFieldCode,
    string? ExpertiseFieldName,
    int BatchNumber,
    DateOnly BatchStartDate,
    DateOnly BatchEndDate,
    BatchMode Mode,
    bool HighPerforming,
    DateTime IssuedAt,
    string IssuerTitle,
    DateTime? RevokedAt,
    string? RevocationReason)
{
    /// <summary>The signing official printed under the issue date.</summary>
    public const string DefaultIssuerTitle = "Direktur Bina Kelembagaan K3";

    public string CategoryName => DisplayNames.Of(Category);

    /// <summary>sertifikat-PKAK3-2023-06-000123.pdf: the name of the download and of the e-mail attachment.</summary>
    public string PdfFileName => $"sertifikat-{Number.Replace('/', '-')}.pdf";

    public bool Revoked => RevokedAt is not null;
}
