using System.Globalization;
using System.Text;
using K3Competency.Domain;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace K3Competency.Application.Certificates;

/// <summary>
/// The printable certificate: one A4 landscape page in Bahasa Indonesia with a QR code of the verification
/// URL. Drawn with PdfPig's builder and the PDF standard-14 Helvetica, so no font file ships with the app.
/// </summary>
public static class CertificatePdf
{

    private const double Margin = 24;
    private const double MaxTextWidth = 700;

    public static byte[] Render(CertificateDocument doc, string verificationUrl)
    {
        var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = $"Sertifikat {doc.Number}";
        builder.DocumentInformation.Author = doc.Organizer;
        builder.DocumentInformation.Creator = "K3Competency";
        var page = builder.AddPage(PageSize.A4, isPortrait: false);
        var w = page.PageSize.Width;
        var h = page.PageSize.Height;
        var text = new Writer(page,
            builder.AddStandard14Font(Standard14Font.Helvetica),
            builder.AddStandard14Font(Standard14Font.HelveticaBold),
            builder.AddStandard14Font(Standard14Font.HelveticaOblique));

        // Double frame in the ministry's dark blue.
        page.SetStrokeColor(16, 52, 98);
        page.DrawRectangle(new PdfPoint(Margin, Margin), w - 2 * Margin, h - 2 * Margin, 3);
        page.DrawRectangle(new PdfPoint(Margin + 8, Margin + 8), w - 2 * Margin - 16, h - 2 * Margin - 16, 0.8);
        page.ResetColor();

        text.Centered("KEMENTERIAN KETENAGAKERJAAN REPUBLIK INDONESIA", 12, 528, Style.Bold);
        text.Centered(doc.Organizer.ToUpperInvariant(), 11, 512);

        page.SetTextAndFillColor(16, 52, 98);
        text.Centered("SERTIFIKAT", 40, 452, Style.Bold);
        page.ResetColor();
        text.Centered("Peningkatan Kompetensi Ahli K3", 16, 428);
        text.Centered($"Nomor: {doc.Number}", 11, 408);

        text.Centered("diberikan kepada", 13, 376, Style.Italic);
        text.Centered(doc.ParticipantName, 26, 342, Style.Bold, minSize: 12);
        text.Centered(Role(doc), 13, 318);

        text.Centered($"yang telah mengikuti dan dinyatakan lulus {doc.ProgrammeName}", 12, 290, minSize: 8);
        text.Centered($"Angkatan ke-{doc.BatchNumber}, {DateRange(doc.BatchStartDate, doc.BatchEndDate)}, secara {ModeText(doc.Mode)}", 12, 272, minSize: 8);

        if (doc.HighPerforming)
        {
            page.SetTextAndFillColor(150, 110, 0);
            text.Centered("dengan predikat Berkinerja Tinggi", 15, 244, Style.Bold);
            page.ResetColor();
        }
        if (doc.RevokedAt is { } revokedAt)
        {
            page.SetTextAndFillColor(180, 20, 20);
            text.Centered($"SERTIFIKAT INI TELAH DICABUT PADA {LongDate(revokedAt).ToUpperInvariant()}", 14, 222, Style.Bold);
            text.Centered($"Alasan: {doc.RevocationReason}", 10, 206, minSize: 6);
            page.ResetColor();
        }

        // Signature block, right.
        const double signX = 640;
        text.CenteredAt($"Jakarta, {LongDate(doc.IssuedAt)}", 11, signX, 170);
        text.CenteredAt(doc.IssuerTitle, 11, signX, 155, Style.Bold);
        text.CenteredAt("Diterbitkan secara elektronik melalui K3Competency", 8, signX, 92, Style.Italic);

        // Verification block, left: the QR code holds the URL, the code is printed for typing.
        const double qrSize = 104;
        page.AddPng(CertificateQr.Png(verificationUrl), new PdfRectangle(60, 60, 60 + qrSize, 60 + qrSize));
        text.At("Periksa keaslian sertifikat ini:", 9, 176, 140);
        text.At(verificationUrl, 8, 176, 126, maxWidth: 300, minSize: 5);
        text.At($"Kode verifikasi: {VerificationCode.Format(doc.VerificationCode)}", 10, 176, 106, Style.Bold);

        return builder.Build();
    }

    /// <summary>"Ahli K3 bidang K3 Listrik", or the category of a non-Ahli-K3 participant.</summary>
    public static string Role(CertificateDocument doc) =>
        doc.Category == ParticipantCategory.AhliK3 && !string.IsNullOrEmpty(doc.ExpertiseFieldName)
            ? $"{doc.CategoryName} bidang {doc.ExpertiseFieldName}"
            : doc.CategoryName;

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

    private static string ModeText(BatchMode mode) => mode switch
    {
        BatchMode.Luring => "luring",
        BatchMode.Daring => "daring",
        _ => "hybrid",
    };

    private enum Style { Regular, Bold, Italic }

    /// <summary>Places text on the page in the standard-14 fonts, which cover Latin letters only.</summary>
    private sealed class Writer(PdfPageBuilder page, PdfDocumentBuilder.AddedFont regular, PdfDocumentBuilder.AddedFont bold, PdfDocumentBuilder.AddedFont italic)
    {
        private readonly Dictionary<(Style, char), bool> _encodable = [];

        public void Centered(string text, double size, double y, Style style = Style.Regular, double minSize = 0) =>
            CenteredAt(text, size, page.PageSize.Width / 2, y, style, minSize);

        public void CenteredAt(string text, double size, double centerX, double y, Style style = Style.Regular, double minSize = 0)
        {
            var font = Font(style);
            var safe = Safe(text, style);
            var (fitted, width) = Fit(safe, size, minSize, MaxTextWidth, font);
            page.AddText(safe, fitted, new PdfPoint(centerX - width / 2, y), font);
        }

        public void At(string text, double size, double x, double y, Style style = Style.Regular, double maxWidth = MaxTextWidth, double minSize = 0)
        {
            var font = Font(style);
            var safe = Safe(text, style);
            var (fitted, _) = Fit(safe, size, minSize, maxWidth, font);
            page.AddText(safe, fitted, new PdfPoint(x, y), font);
        }

        private PdfDocumentBuilder.AddedFont Font(Style style) => style switch
        {
            Style.Bold => bold,
            Style.Italic => italic,
            _ => regular,
        };

        // Shrinks a long line (a long name or programme) down to minSize so it stays inside the frame.
        private (double Size, double Width) Fit(string text, double size, double minSize, double maxWidth, PdfDocumentBuilder.AddedFont font)
        {
            var width = Width(text, size, font);
            if (width > maxWidth && minSize > 0)
            {
                size = Math.Max(minSize, size * maxWidth / width);
                width = Width(text, size, font);
            }
            return (size, width);
        }

        private double Width(string text, double size, PdfDocumentBuilder.AddedFont font)
        {
            if (text.Length == 0)
            {
                return 0;
            }
            var letters = page.MeasureText(text, size, new PdfPoint(0, 0), font);
            return letters.Count == 0 ? 0 : letters[^1].EndBaseLine.X - letters[0].StartBaseLine.X;
        }

        // Helvetica here has no glyphs outside its standard encoding (and PdfPig throws on them): accents
        // are dropped (é → e), other characters become '?', rather than failing the whole certificate.
        private string Safe(string text, Style style)
        {
            var sb = new StringBuilder(text.Length);
            foreach (var c in text.Normalize(NormalizationForm.FormD))
            {
                if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                {
                    continue;
                }
                var ch = char.IsWhiteSpace(c) ? ' ' : c;
                sb.Append(Encodable(ch, style) ? ch : '?');
            }
            return sb.ToString().Normalize(NormalizationForm.FormC);
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
