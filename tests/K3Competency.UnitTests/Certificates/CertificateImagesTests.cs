using K3Competency.Application.Certificates;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace K3Competency.UnitTests.Certificates;

public sealed class CertificateImagesTests
{
    private static byte[] Jpeg(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(20, 40, 200));
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }

    [Fact]
    public void A_jpeg_is_stored_as_a_png_of_its_own_size()
    {
        var (image, error) = CertificateImages.Normalize(Jpeg(300, 120));

        Assert.Null(error);
        Assert.Equal((300, 120), (image!.Width, image.Height));
        Assert.Equal(0x89, image.Png[0]);
        Assert.Equal("PNG", System.Text.Encoding.ASCII.GetString(image.Png, 1, 3));
        Assert.Equal(64, image.Sha256.Length);
    }

    [Fact]
    public void A_large_image_is_scaled_down_keeping_its_proportions()
    {
        var (image, _) = CertificateImages.Normalize(Jpeg(2400, 1200));

        Assert.Equal((CertificateImages.MaxSide, CertificateImages.MaxSide / 2), (image!.Width, image.Height));
    }

    [Fact]
    public void A_one_bit_png_is_rewritten_as_a_plain_png_that_the_certificate_prints()
    {
        using var bilevel = new Image<L8>(64, 32, new L8(255));
        using var stream = new MemoryStream();
        bilevel.SaveAsPng(stream, new SixLabors.ImageSharp.Formats.Png.PngEncoder
        {
            BitDepth = SixLabors.ImageSharp.Formats.Png.PngBitDepth.Bit1,
            ColorType = SixLabors.ImageSharp.Formats.Png.PngColorType.Grayscale,
        });

        var (image, error) = CertificateImages.Normalize(stream.ToArray());

        Assert.Null(error);
        var pdf = CertificatePdf.Render(CertificatePdfTests.Document(artwork: new CertificateArtwork(image!.Png, image.Png)), "https://k3.example/v/X");
        Assert.NotEmpty(pdf);
    }

    [Theory]
    [InlineData("GIF89a\u0001\u0000\u0001\u0000", "PNG atau JPEG")]
    [InlineData("bukan gambar", "PNG atau JPEG")]
    [InlineData("", "kosong")]
    public void What_is_not_a_png_or_jpeg_is_refused(string content, string message)
    {
        var (image, error) = CertificateImages.Normalize(System.Text.Encoding.Latin1.GetBytes(content));

        Assert.Null(image);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_before_it_is_decoded()
    {
        var (image, error) = CertificateImages.Normalize(new byte[CertificateImages.MaxBytes + 1]);

        Assert.Null(image);
        Assert.Contains("2 MB", error, StringComparison.Ordinal);
    }
}
