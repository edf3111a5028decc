using System.Globalization;
using System.Text;
using K3Competency.Domain;
using K3Competency.Domain.Rules;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace K3Competency.Application.Certificates;

/// <summary>
/// The official certificate: one A4 landscape page in Bahasa Indonesia with the logo, the ministry's name, the
/// wording of the participant's category, the predicate, the signatory with signature and NIP, and a QR code
/// of the verification URL. Fonts are Noto Serif and Noto Sans shipped in the assembly (Certificates/Fonts,
/// SIL OFL) and embedded as subsets, so every name prints with its accents on any reader. The one entry point
/// for every PDF of a certificate: the download, the ZIP and the e-mail attachment.
/// </summary>
public static class CertificatePdf
{
    public const string MinistryName = "Kementerian Ketenagakerjaan Republik Indonesia";
    public const string DirectorateGeneralName =
        "Direktorat Jenderal Pembinaan Pengawasan Ketenagakerjaan dan Keselamatan dan Kesehatan Kerja";

    private const double Width = 842;
    private const double MaxTextWidth = 680;
    private const double SignCenterX = 655;

    private static readonly Color Navy = new(16, 52, 98);
    private static readonly Color Gold = new(166, 124, 26);
    private static readonly Color Ink = new(33, 37, 41);
    private static readonly Color Muted = new(90, 98, 110);
    private static readonly Color Red = new(180, 20, 20);

    public static byte[] Render(CertificateDocument doc, string verificationUrl)
    {
        var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = $"Sertifikat {doc.Number}";
        builder.DocumentInformation.Author = $"{MinistryName} - {doc.Organizer}";
        builder.DocumentInformation.Subject = $"{doc.ProgrammeName}, angkatan ke-{doc.BatchNumber}";
        builder.DocumentInformation.Creator = "K3Competency";
        var page = builder.AddPage(PageSize.A4, isPortrait: false);
        var text = new Writer(page, CertificateFonts.Add(builder));

        Frame(page);

        // Head: logo, ministry, directorate general, organiser, a gold rule.
        const double logoSize = 64;
        page.AddPng(doc.Artwork.Logo, Fit(doc.Artwork.Logo, Width / 2 - logoSize / 2, 486, logoSize, logoSize));
        text.Centered(MinistryName.ToUpper(Formats.Culture), 14, 466, Style.Bold, Navy);
        text.Centered(DirectorateGeneralName.ToUpper(Formats.Culture), 8.5, 452, Style.Sans, Ink, minSize: 6);
        text.Centered(doc.Organizer.ToUpper(Formats.Culture), 8.5, 440, Style.Sans, Ink, minSize: 6);
        Rule(page, Width / 2 - 170, Width / 2 + 170, 431, Gold, 1.2);

        text.Centered("SERTIFIKAT", 36, 388, Style.Bold, Navy);
        text.Centered(Subtitle(doc), 13, 368, Style.Regular, Ink);
        text.Centered($"Nomor: {doc.Number}", 10, 351, Style.Sans, Muted);

        text.Centered("diberikan kepada", 12, 323, Style.Italic, Ink);
        var nameWidth = text.Centered(doc.ParticipantName, 26, 292, Style.Bold, Ink, minSize: 12);
        Rule(page, Width / 2 - Math.Max(160, nameWidth / 2 + 20), Width / 2 + Math.Max(160, nameWidth / 2 + 20), 283, Gold, 0.8);
        text.Centered(Role(doc), 13, 264, Style.Bold, Navy, minSize: 8);

        text.Centered(Statement(doc), 12, 242, Style.Regular, Ink, minSize: 8);
        text.Centered($"Angkatan ke-{doc.BatchNumber}, {DateRange(doc.BatchStartDate, doc.BatchEndDate)}, secara {ModeText(doc.Mode)}", 12, 225,
            Style.Regular, Ink, minSize: 8);
        if (doc.HighPerforming)
        {
            text.Centered("dengan predikat Berkinerja Tinggi", 15, 200, Style.Bold, Gold);
        }

        if (doc.RevokedAt is { } revokedAt)
        {
            text.Centered($"SERTIFIKAT INI TELAH DICABUT PADA {LongDate(revokedAt).ToUpper(Formats.Culture)}", 13, 181, Style.Bold, Red, minSize: 8);
            text.Centered($"Alasan: {doc.RevocationReason}", 9, 168, Style.Sans, Red, minSize: 6);
        }

        Signature(page, text, doc);
        Verification(page, text, doc, verificationUrl);

        text.Centered("Dokumen ini diterbitkan secara elektronik melalui K3Competency; keasliannya dapat diperiksa dengan kode QR atau kode verifikasi.",
            7, 40, Style.Sans, Muted, minSize: 5);
        return builder.Build();
    }

    /// <summary>"Ahli K3 bidang K3 Listrik"; the category of everyone else ("Pengawas Ketenagakerjaan").</summary>
    public static string Role(CertificateDocument doc) =>
        doc.IsExpert && !string.IsNullOrEmpty(doc.ExpertiseFieldName)
            ? $"{doc.CategoryName} bidang {doc.ExpertiseFieldName}"
            : doc.CategoryName;

    /// <summary>The line under SERTIFIKAT: only Ahli K3 are certified as upgraded experts; the others took part.</summary>
    public static string Subtitle(CertificateDocument doc) =>
        doc.IsExpert ? "Peningkatan Kompetensi Ahli K3" : "Keikutsertaan Kegiatan";

    /// <summary>What the holder did, in the words of their category.</summary>
    public static string Statement(CertificateDocument doc) =>
        doc.IsExpert
            ? $"yang telah mengikuti dan dinyatakan lulus {doc.ProgrammeName}"
            : $"sebagai peserta yang telah mengikuti dan menyelesaikan {doc.ProgrammeName}";

    /// <summary>16-17 November 2023; 30 November - 1 Desember 2023; 30 Desember 2023 - 2 Januari 2024.</summary>
    public static string DateRange(DateOnly start, DateOnly end)
    {
        if (start == end)
        {
            return start.ToString("d MMMM yyyy", Formats.Culture);
        }
        if (start.Year == end.Year && start.Month == end.Month)
        {
            return $"{start.Day}-{end.ToString("d MMMM yyyy", Formats.Culture)}";
        }
        return start.Year == end.Year
            ? $"{start.ToString("d MMMM", Formats.Culture)} - {end.ToString("d MMMM yyyy", Formats.Culture)}"
            : $"{start.ToString("d MMMM yyyy", Formats.Culture)} - {end.ToString("d MMMM yyyy", Formats.Culture)}";
    }

    /// <summary>The date in WIB (DESIGN §5.6) of a stored UTC instant: 20 November 2023.</summary>
    public static string LongDate(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Formats.Wib).ToString("d MMMM yyyy", Formats.Culture);

    private static string ModeText(BatchMode mode) => DisplayNames.Of(mode).ToLower(Formats.Culture);

    // A navy double frame with a thin gold line inside and small gold corner squares.
    private static void Frame(PdfPageBuilder page)
    {
        var h = page.PageSize.Height;
        page.SetStrokeColor(Navy.R, Navy.G, Navy.B);
        page.DrawRectangle(new PdfPoint(18, 18), Width - 36, h - 36, 3.5);
        page.DrawRectangle(new PdfPoint(25, 25), Width - 50, h - 50, 0.8);
        page.SetStrokeColor(Gold.R, Gold.G, Gold.B);
        page.DrawRectangle(new PdfPoint(30, 30), Width - 60, h - 60, 0.6);
        page.SetTextAndFillColor(Gold.R, Gold.G, Gold.B);
        foreach (var (x, y) in new[] { (25.0, 25.0), (Width - 33, 25.0), (25.0, h - 33), (Width - 33, h - 33) })
        {
            page.DrawRectangle(new PdfPoint(x, y), 8, 8, 0.5, fill: true);
        }
        page.ResetColor();
    }

    private static void Rule(PdfPageBuilder page, double x1, double x2, double y, Color color, double width)
    {
        page.SetStrokeColor(color.R, color.G, color.B);
        page.DrawLine(new PdfPoint(x1, y), new PdfPoint(x2, y), width);
        page.ResetColor();
    }

    // Right: place and date, position, the signature image (or room to sign), name underlined, NIP.
    private static void Signature(PdfPageBuilder page, Writer text, CertificateDocument doc)
    {
        var s = doc.Signatory;
        text.CenteredAt($"Jakarta, {LongDate(doc.IssuedAt)}", 10.5, SignCenterX, 158, Style.Regular, Ink);
        text.CenteredAt(s.Position, 10.5, SignCenterX, 144, Style.Bold, Ink, maxWidth: 300, minSize: 7);
        if (doc.Artwork.Signature is { } signature)
        {
            page.AddPng(signature, Fit(signature, SignCenterX - 80, 86, 160, 52));
        }
        if (s.Name is { } name)
        {
            var width = text.CenteredAt(name, 10.5, SignCenterX, 74, Style.Bold, Ink, maxWidth: 300, minSize: 7);
            Rule(page, SignCenterX - width / 2, SignCenterX + width / 2, 71.5, Ink, 0.6);
            if (s.Nip is { } nip)
            {
                text.CenteredAt($"NIP {Nip.Format(nip)}", 9.5, SignCenterX, 59, Style.Sans, Ink);
            }
        }
    }

    // Left: the QR code holds the URL; the code is printed beside it for typing.
    private static void Verification(PdfPageBuilder page, Writer text, CertificateDocument doc, string verificationUrl)
    {
        const double qrSize = 88;
        const double x = 56;
        const double y = 52;
        page.AddPng(CertificateQr.Png(verificationUrl), new PdfRectangle(x, y, x + qrSize, y + qrSize));
        const double textX = x + qrSize + 10;
        text.At("Periksa keaslian sertifikat ini:", 8.5, textX, 118, Style.Sans, Muted);
        text.At(verificationUrl, 7.5, textX, 106, Style.Sans, Muted, maxWidth: 230, minSize: 4.5);
        text.At("Kode verifikasi:", 8.5, textX, 86, Style.Sans, Muted);
        text.At(VerificationCode.Format(doc.VerificationCode), 12, textX, 71, Style.Bold, Navy);
    }

    /// <summary>The largest rectangle of the image's proportions inside the box, centred in it.</summary>
    private static PdfRectangle Fit(byte[] png, double x, double y, double boxWidth, double boxHeight)
    {
        var (w, h) = PngSize(png);
        var scale = Math.Min(boxWidth / w, boxHeight / h);
        var (dw, dh) = (w * scale, h * scale);
        var left = x + (boxWidth - dw) / 2;
        var bottom = y + (boxHeight - dh) / 2;
        return new PdfRectangle(left, bottom, left + dw, bottom + dh);
    }

    // Width and height from the IHDR chunk, which always comes first (bytes 16-23).
    private static (double Width, double Height) PngSize(byte[] png) =>
        png.Length >= 24
            ? (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)))
            : (1, 1);

    private readonly record struct Color(byte R, byte G, byte B);

    private enum Style { Regular, Bold, Italic, Sans }

    /// <summary>Places text in the embedded fonts, shrinking a long line to fit and replacing a letter the font lacks.</summary>
    private sealed class Writer(PdfPageBuilder page, CertificateFonts.Added fonts)
    {
        private readonly Dictionary<(Style, char), bool> _encodable = [];

        public double Centered(string text, double size, double y, Style style, Color color, double minSize = 0) =>
            CenteredAt(text, size, Width / 2, y, style, color, MaxTextWidth, minSize);

        public double CenteredAt(string text, double size, double centerX, double y, Style style, Color color,
            double maxWidth = MaxTextWidth, double minSize = 0)
        {
            var font = Font(style);
            var safe = Safe(text, style);
            var (fitted, width) = Fit(safe, size, minSize, maxWidth, font);
            Draw(safe, fitted, new PdfPoint(centerX - width / 2, y), font, color);
            return width;
        }

        public void At(string text, double size, double x, double y, Style style, Color color, double maxWidth = MaxTextWidth, double minSize = 0)
        {
            var font = Font(style);
            var safe = Safe(text, style);
            var (fitted, _) = Fit(safe, size, minSize, maxWidth, font);
            Draw(safe, fitted, new PdfPoint(x, y), font, color);
        }

        private void Draw(string text, double size, PdfPoint at, PdfDocumentBuilder.AddedFont font, Color color)
        {
            if (text.Length == 0)
            {
                return;
            }
            page.SetTextAndFillColor(color.R, color.G, color.B);
            page.AddText(text, size, at, font);
            page.ResetColor();
        }

        private PdfDocumentBuilder.AddedFont Font(Style style) => style switch
        {
            Style.Bold => fonts.Bold,
            Style.Italic => fonts.Italic,
            Style.Sans => fonts.Sans,
            _ => fonts.Regular,
        };

        // Shrinks a long line (a long name or programme) down to minSize so it stays inside the frame.
        private (double Size, double Width) Fit(string text, double size, double minSize, double maxWidth, PdfDocumentBuilder.AddedFont font)
        {
            var width = MeasuredWidth(text, size, font);
            if (width > maxWidth && minSize > 0)
            {
                size = Math.Max(minSize, size * maxWidth / width);
                width = MeasuredWidth(text, size, font);
            }
            return (size, width);
        }

        private double MeasuredWidth(string text, double size, PdfDocumentBuilder.AddedFont font)
        {
            if (text.Length == 0)
            {
                return 0;
            }
            var letters = page.MeasureText(text, size, new PdfPoint(0, 0), font);
            return letters.Count == 0 ? 0 : letters[^1].EndBaseLine.X - letters[0].StartBaseLine.X;
        }

        // The shipped Noto subsets cover the Latin script with every accent names use (Fonts/README.md). A letter they lack (CJK,
        // emoji) is printed without its accent when the bare letter exists, else as '?', rather than failing
        // the whole certificate; control characters (a tab pasted into a name) become spaces.
        private string Safe(string text, Style style)
        {
            var sb = new StringBuilder(text.Length);
            foreach (var rune in text.Normalize(NormalizationForm.FormC).EnumerateRunes())
            {
                if (Rune.IsControl(rune) || Rune.IsWhiteSpace(rune))
                {
                    sb.Append(' ');
                    continue;
                }
                if (rune.IsBmp && Encodable((char)rune.Value, style))
                {
                    sb.Append((char)rune.Value);
                    continue;
                }
                var bare = rune.ToString().Normalize(NormalizationForm.FormD)
                    .Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray();
                sb.Append(bare.Length > 0 && bare.All(c => Encodable(c, style)) ? new string(bare) : "?");
            }
            return sb.ToString();
        }

        private bool Encodable(char c, Style style)
        {
            if (c is >= ' ' and <= '~')
            {
                return true;
            }
            if (!_encodable.TryGetValue((style, c), out var ok))
            {
                try
                {
                    page.MeasureText(c.ToString(), 10, new PdfPoint(0, 0), Font(style));
                    ok = true;
                }
                catch (InvalidOperationException)
                {
                    ok = false;
                }
                _encodable[(style, c)] = ok;
            }
            return ok;
        }
    }
}

/// <summary>The TrueType fonts embedded in the assembly, read once per process.</summary>
internal static class CertificateFonts
{
    public sealed record Added(PdfDocumentBuilder.AddedFont Regular, PdfDocumentBuilder.AddedFont Bold,
        PdfDocumentBuilder.AddedFont Italic, PdfDocumentBuilder.AddedFont Sans);

    private static readonly Lazy<byte[]> Regular = Load("NotoSerif-Regular.ttf");
    private static readonly Lazy<byte[]> Bold = Load("NotoSerif-Bold.ttf");
    private static readonly Lazy<byte[]> Italic = Load("NotoSerif-Italic.ttf");
    private static readonly Lazy<byte[]> Sans = Load("NotoSans-Regular.ttf");

    public static Added Add(PdfDocumentBuilder builder) =>
        new(builder.AddTrueTypeFont(Regular.Value), builder.AddTrueTypeFont(Bold.Value),
            builder.AddTrueTypeFont(Italic.Value), builder.AddTrueTypeFont(Sans.Value));

    private static Lazy<byte[]> Load(string file) => new(() =>
    {
        using var stream = typeof(CertificateFonts).Assembly.GetManifestResourceStream($"K3Competency.Application.Certificates.Fonts.{file}")
            ?? throw new InvalidOperationException($"The certificate font {file} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}
