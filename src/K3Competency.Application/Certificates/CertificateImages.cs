using System.Security.Cryptography;
using K3Competency.Domain;
using SkiaSharp;

namespace K3Competency.Application.Certificates;

/// <summary>A certificate image ready to print: an 8-bit RGBA PNG no larger than <see cref="CertificateImages.MaxSide"/>.</summary>
public sealed record NormalizedImage(byte[] Png, int Width, int Height, string Sha256);

/// <summary>
/// The logo and signature images printed on certificates. Whatever an Admin uploads is decoded by Skia (PNG or
/// JPEG only), scaled down and written again as a plain 8-bit PNG: PdfPig's own PNG reader then only ever sees
/// that one form (it mis-draws some bit depths), and metadata such as a photo's location is dropped.
/// </summary>
public static class CertificateImages
{
    public const int MaxBytes = 2 * 1024 * 1024;
    /// <summary>Printed at most about 15 cm wide, so 800 px is over 130 dpi, and a certificate PDF stays small.</summary>
    public const int MaxSide = 800;
    /// <summary>Refused before decoding: a small file can claim a huge canvas (a decompression bomb).</summary>
    private const int MaxSourceSide = 10_000;

    private static readonly Lazy<byte[]> DefaultLogoPng = new(() =>
    {
        using var stream = typeof(CertificateImages).Assembly.GetManifestResourceStream(
            "K3Competency.Application.Certificates.Images.default-logo.png")
            ?? throw new InvalidOperationException("The default certificate logo is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>The neutral emblem shipped with the app (Certificates/Images/default-logo.svg), printed until an Admin uploads a logo.</summary>
    public static byte[] DefaultLogo => DefaultLogoPng.Value;

    /// <summary>The image as it will be stored and printed, or an Indonesian message saying what to fix.</summary>
    public static (NormalizedImage? Image, string? Error) Normalize(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return (null, "Berkas gambar kosong; pilih berkas PNG atau JPEG.");
        }
        if (data.Length > MaxBytes)
        {
            return (null, $"Gambar paling besar {Formats.Number(MaxBytes / 1024 / 1024)} MB; perkecil atau kompres gambarnya lalu unggah lagi.");
        }
        using var skData = SKData.CreateCopy(data);
        using var codec = SKCodec.Create(skData);
        if (codec is null || codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg))
        {
            return (null, "Gambar harus berformat PNG atau JPEG.");
        }
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width < 1 || height < 1 || width > MaxSourceSide || height > MaxSourceSide)
        {
            return (null, $"Ukuran gambar paling besar {Formats.Number(MaxSourceSide)} × {Formats.Number(MaxSourceSide)} piksel.");
        }
        using var decoded = SKBitmap.Decode(codec, new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        if (decoded is null)
        {
            return (null, "Gambar rusak atau tidak dapat dibaca; simpan ulang sebagai PNG atau JPEG lalu unggah lagi.");
        }
        var scale = Math.Min(1.0, (double)MaxSide / Math.Max(width, height));
        var target = new SKImageInfo(Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)),
            SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var scaled = scale < 1.0 ? decoded.Resize(target, new SKSamplingOptions(SKCubicResampler.Mitchell)) : null;
        var bitmap = scaled ?? decoded;
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        var bytes = png.ToArray();
        return (new NormalizedImage(bytes, bitmap.Width, bitmap.Height, Convert.ToHexStringLower(SHA256.HashData(bytes))), null);
    }
}
