using QRCoder;

namespace K3Competency.Application.Certificates;

/// <summary>
/// The QR code printed on a certificate and shown on its page; it holds the verification URL. Error
/// correction M survives a crease or a smudge on paper. Neither image carries script or user text.
/// </summary>
public static class CertificateQr
{
    private const int PixelsPerModule = 10;

    // Black and white as RGBA: QRCoder then writes an indexed-colour PNG, which PdfPig's PNG reader accepts
    // (its 1-bit greyscale default makes PdfPig fail).
    private static readonly byte[] Dark = [0, 0, 0, 255];
    private static readonly byte[] Light = [255, 255, 255, 255];

    public static byte[] Png(string url)
    {
        using var data = Encode(url);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(PixelsPerModule, Dark, Light);
    }

    /// <summary>An SVG document, for an &lt;img&gt; (data URI or file).</summary>
    public static string Svg(string url)
    {
        using var data = Encode(url);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(PixelsPerModule);
    }

    private static QRCodeData Encode(string url) =>
        QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.M);
}
