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

/// <summary>What the certificate list of a batch asks for: search text, sort column (number, name, date), direction, page.</summary>
public sealed record CertificateListQuery(string? Text = null, string? Sort = CertificateListQuery.ByNumber, bool Descending = false, int Page = 1)
{
    public const string ByNumber = "number";
    public const string ByName = "name";
    public const string ByDate = "date";
}

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

/// <summary>A ZIP of a batch's valid certificates that the actor may download: one institution's, or all when InstitutionId is null.</summary>
public sealed record CertificateArchive(int BatchId, int ProgrammeId, int? InstitutionId, string FileName, int Count);

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
    CertificateSignatory Signatory,
    DateTime? RevokedAt,
    string? RevocationReason,
    CertificateArtwork Artwork)
{
    public string CategoryName => DisplayNames.Of(Category);

    public bool Revoked => RevokedAt is not null;

    /// <summary>sertifikat-PKAK3-2023-06-000123.pdf: the download's name, the ZIP entry's and the e-mail attachment's.</summary>
    public string FileName => $"sertifikat-{Number.Replace('/', '-')}.pdf";

    /// <summary>Only an Ahli K3 carries the expert title; every other category took part as a participant.</summary>
    public bool IsExpert => Category == ParticipantCategory.AhliK3;
}

/// <summary>
/// The official who signs a programme's certificates (DESIGN §3 programme fields). Without a configured position
/// the certificate names the directorate's head; without a name it carries no name and no NIP line.
/// </summary>
public sealed record CertificateSignatory(string? Name, string Position, string? Nip)
{
    public const string DefaultPosition = "Direktur Bina Kelembagaan K3";

    public static CertificateSignatory Of(string? name, string? position, string? nip) =>
        new(Blank(name), Blank(position) ?? DefaultPosition, Blank(nip));

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>The images a certificate prints: the logo (the shipped default until an Admin uploads one) and the optional signature, as PNG.</summary>
public sealed record CertificateArtwork(byte[] Logo, byte[]? Signature)
{
    public static CertificateArtwork Default { get; } = new(CertificateImages.DefaultLogo, null);
}
