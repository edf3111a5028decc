namespace K3Competency.Application.Certificates;

/// <summary>
/// The public address that checks a certificate, as its QR code, its e-mail and its credential's id carry it.
/// The root is the site's public address (Verification:PublicBaseUrl, or the address Staff used); the path is
/// the verification page's.
/// </summary>
public static class VerificationUrl
{
    public const string PathPrefix = "/verifikasi/";

    public static string For(string root, string code) => $"{root.TrimEnd('/')}{PathPrefix}{Uri.EscapeDataString(code)}";
}
