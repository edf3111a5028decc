namespace K3Competency.Application.Certificates;

public enum CertificateError
{
    /// <summary>The actor's role may not do this (HTTP 403).</summary>
    Forbidden,
    /// <summary>Unknown batch or certificate code (HTTP 404).</summary>
    NotFound,
    /// <summary>The certificate is already revoked, or changed meanwhile (HTTP 409).</summary>
    Conflict,
}

/// <summary>
/// A refusal of the certificate service with a message for the user in Bahasa Indonesia. Invalid input
/// (an empty revocation reason) is a FluentValidation <c>ValidationException</c> instead (HTTP 422).
/// </summary>
public sealed class CertificateException(CertificateError error, string message) : Exception(message)
{
    public CertificateError Error { get; } = error;
}
