namespace K3Competency.Application.Credentials;

/// <summary>
/// A secret the app creates once and every instance shares (the credential signing key, the subject-hash salt),
/// kept in PostgreSQL encrypted with Data Protection, like the cookie keys beside it.
/// </summary>
public sealed class IssuerSecret
{
    public string Name { get; set; } = "";
    public string ProtectedValue { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
