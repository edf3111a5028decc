using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using QRCoder;

namespace K3Competency.Application.Certificates;

/// <summary>
/// The QR code printed on a certificate and shown on its page; it holds the verification URL. Error
/// correction M survives a crease or a smudge on paper. Neither image carries script or user text.
/// </summary>
public static class CertificateQr
{
    private const int PixelsPerModule = 10;

    /// <summary>
    /// An 8-bit greyscale PNG, quiet zone included. Written here from QRCoder's module matrix rather than by
    /// QRCoder's PngByteQRCode, whose 1-bit PNGs PdfPig 0.1.16 cannot embed (it fails on 1-bit greyscale and
    /// shears 1-bit indexed rows), which would print an unscannable code.
    /// </summary>
    public static byte[] Png(string url)
    {
        using var data = Encode(url);
        var modules = data.ModuleMatrix;
        var size = modules.Count * PixelsPerModule;

        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[1 + size]; // filter byte 0 (none), then one byte per pixel
            for (var y = 0; y < size; y++)
            {
                var line = modules[y / PixelsPerModule];
                for (var x = 0; x < size; x++)
                {
                    row[1 + x] = line[x / PixelsPerModule] ? (byte)0 : (byte)255;
                }
                zlib.Write(row);
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), size);
        header[8] = 8; // bit depth; colour type 0 (greyscale), compression, filter and interlace 0
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", pixels.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
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

    private static void WriteChunk(Stream png, string type, byte[] body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, body.Length);
        png.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(body);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Of(typeBytes, body));
        png.Write(word);
    }

    /// <summary>The CRC-32 of PNG chunks (ISO 3309, as in the PNG specification's sample code).</summary>
    private static class Crc32
    {
        private static readonly uint[] Table = Build();

        public static uint Of(byte[] first, byte[] second)
        {
            var crc = 0xFFFFFFFFu;
            foreach (var b in first)
            {
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }
            foreach (var b in second)
            {
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }
            return crc ^ 0xFFFFFFFFu;
        }

        private static uint[] Build()
        {
            var table = new uint[256];
            for (var n = 0u; n < 256; n++)
            {
                var c = n;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }
                table[n] = c;
            }
            return table;
        }
    }
}
