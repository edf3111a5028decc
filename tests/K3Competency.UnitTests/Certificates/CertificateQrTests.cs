using K3Competency.Application.Certificates;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using UglyToad.PdfPig;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace K3Competency.UnitTests.Certificates;

public sealed class CertificateQrTests
{
    private const string Url = "https://k3competency.kemnaker.go.id/sertifikat/verifikasi/ABCDEFGHJKMN";

    /// <summary>What a phone camera does: read the pixels and decode the QR code.</summary>
    internal static string Scan(byte[] png)
    {
        using var image = Image.Load<L8>(png);
        var luminance = new byte[image.Width * image.Height];
        image.CopyPixelDataTo(luminance);
        var source = new RGBLuminanceSource(luminance, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.Gray8);
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)));
        Assert.NotNull(result);
        return result.Text;
    }

    [Fact]
    public void The_QR_png_scans_back_to_the_verification_url()
    {
        Assert.Equal(Url, Scan(CertificateQr.Png(Url)));
    }

    [Fact]
    public void The_QR_printed_in_the_pdf_scans_back_to_the_verification_url()
    {
        var pdf = CertificatePdf.Render(CertificatePdfTests.Document(), Url);

        using var document = PdfDocument.Open(pdf);
        // The QR code is the image at the bottom left; the logo sits at the top.
        var image = Assert.Single(document.GetPage(1).GetImages(), i => i.BoundingBox.Top < 200 && i.BoundingBox.Left < 200);
        Assert.True(image.TryGetPng(out var png), "the embedded image converts back to PNG");
        Assert.Equal(Url, Scan(png));
    }

    [Fact]
    public void The_QR_svg_is_a_plain_svg_image_without_script()
    {
        var svg = CertificateQr.Svg(Url);

        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("<path", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
    }
}
