using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace K3Competency.BrowserTests;

/// <summary>What a phone camera does with a picture of the screen: find the QR code and read its text.</summary>
public static class QrScanner
{
    public static string Scan(byte[] png)
    {
        using var image = Image.Load<L8>(png);
        var luminance = new byte[image.Width * image.Height];
        image.CopyPixelDataTo(luminance);
        var source = new RGBLuminanceSource(luminance, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.Gray8);
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
            new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true });
        Assert.NotNull(result);
        return result.Text;
    }
}
