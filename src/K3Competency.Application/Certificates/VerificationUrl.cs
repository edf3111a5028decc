namespace K3Competency.Application.Certificates;

/// <summary>
/// The public address that checks a certificate, as its QR code and its e-mail carry it. The root is the
/// site's public address (Verification:PublicBaseUrl, or the address Staff used); the path is the
/// verification page's.
/// </summary>
public static class VerificationUrl
{
    public static string For(string root, string code) => $"{root.TrimEnd('/')}/verifikasi/{Uri.EscapeDataString(code)}";
}
