namespace K3Competency.Domain;

/// <summary>Column lengths shared by the EF configurations and the validators.</summary>
public static class FieldLengths
{
    public const int Code = 32;
    public const int Name = 200;
    public const int PersonName = 150;
    public const int Email = 254;
    public const int Phone = 16;
    public const int Nik = 16;
    public const int Venue = 200;
    public const int Title = 200;
    public const int LicenseNumber = 64;
    public const int Employer = 200;
    public const int EnumCode = 32;
    public const int CertificateNumber = 64;
    public const int VerificationCode = 16;
    public const int Reason = 500;
    public const int FileName = 255;
    public const int Sha256Hex = 64;
    public const int UserId = 64;
    public const int MailError = 500;
    public const int NodeId = 200;
    public const int UserAgent = 200;
    public const int Position = 200;
    public const int Nip = 18;
    public const int ContentType = 64;
}
