using System.Diagnostics;
using K3Competency.Application.Certificates;
using K3Competency.Domain;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using UglyToad.PdfPig;

namespace K3Competency.UnitTests.Certificates;

/// <summary>
/// The certificate as a reader other than our own sees it: poppler (pdftoppm, pdftotext, pdffonts; ./k3 test
/// installs poppler-utils) renders it to PNG, reads its text back and lists its fonts.
/// </summary>
public sealed class OfficialCertificateTests : IDisposable
{
    private const string Url = "https://k3competency.kemnaker.go.id/verifikasi/ABCDEFGHJKMN";
    private const string AccentedName = "André Sébastien Ñúñez";

    private readonly string _dir = Directory.CreateTempSubdirectory("k3-certificate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CertificateSignatory Director => CertificateSignatory.Of("Dr. Ir. Sri Wahyuningsih, M.T.", "Direktur Bina Kelembagaan K3", "197001012003122001");

    private string Save(byte[] pdf)
    {
        var path = Path.Combine(_dir, "sertifikat.pdf");
        File.WriteAllBytes(path, pdf);
        return path;
    }

    private static string Poppler(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is missing: install poppler-utils (./k3 test does it through apt).", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {error}");
            return output;
        }
    }

    /// <summary>The text lines of the page, top to bottom, as PdfPig groups words by baseline.</summary>
    private static List<string> Lines(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return [.. document.GetPage(1).GetWords()
            .GroupBy(w => Math.Round(w.BoundingBox.Bottom))
            .OrderByDescending(g => g.Key)
            .Select(g => string.Join(' ', g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text)))];
    }

    [Fact]
    public void An_accented_name_reads_back_with_its_accents_and_every_font_is_embedded()
    {
        var path = Save(CertificatePdf.Render(CertificatePdfTests.Document(name: AccentedName, signatory: Director), Url));

        Assert.Contains(AccentedName, Poppler("pdftotext", "-enc", "UTF-8", path, "-"), StringComparison.Ordinal);
        Assert.Contains(AccentedName, CertificatePdfTests.TextOf(File.ReadAllBytes(path)), StringComparison.Ordinal);

        // name type encoding emb sub uni object ID: one row per font after two header lines.
        var fonts = Poppler("pdffonts", path).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.Equal(4, fonts.Count);
        Assert.All(fonts, row =>
        {
            var columns = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("TrueType", columns[1]);
            Assert.Equal("yes", columns[^5]); // emb
            Assert.Equal("yes", columns[^3]); // uni: text can be copied and searched
        });
        Assert.Contains(fonts, row => row.StartsWith("NotoSerif-Bold", StringComparison.Ordinal));
    }

    [Fact]
    public void Rendered_to_png_the_page_is_A4_landscape_and_its_QR_code_scans_to_the_verification_url()
    {
        var path = Save(CertificatePdf.Render(CertificatePdfTests.Document(name: AccentedName, signatory: Director), Url));

        Poppler("pdftoppm", "-png", "-r", "150", "-singlefile", path, Path.Combine(_dir, "halaman"));

        var png = File.ReadAllBytes(Path.Combine(_dir, "halaman.png"));
        using var page = Image.Load<Rgb24>(png);
        Assert.InRange(page.Width, 1754, 1755); // 297 mm at 150 dpi
        Assert.InRange(page.Height, 1240, 1241); // 210 mm
        // The bottom-left corner holds the QR code; a camera reads it from the printed page.
        using var corner = page.Clone(c => c.Crop(new Rectangle(0, page.Height - 400, 500, 400)));
        using var cornerPng = new MemoryStream();
        corner.SaveAsPng(cornerPng);
        Assert.Equal(Url, CertificateQrTests.Scan(cornerPng.ToArray()));
    }

    [Fact]
    public void The_signatory_prints_position_name_and_grouped_NIP_under_the_place_and_date()
    {
        var lines = Lines(CertificatePdf.Render(CertificatePdfTests.Document(signatory: Director), Url));

        var date = lines.FindIndex(l => l.EndsWith("Jakarta, 20 November 2023", StringComparison.Ordinal));
        Assert.True(date >= 0, string.Join(" | ", lines));
        Assert.Contains(lines, l => l.EndsWith("Direktur Bina Kelembagaan K3", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("Dr. Ir. Sri Wahyuningsih, M.T.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("NIP 19700101 200312 2 001", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_signatory_the_certificate_names_the_directors_position_and_prints_no_NIP()
    {
        var text = CertificatePdfTests.TextOf(CertificatePdf.Render(CertificatePdfTests.Document(), Url));

        Assert.Contains(CertificateSignatory.DefaultPosition, text, StringComparison.Ordinal);
        Assert.DoesNotContain("NIP", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_labour_inspector_is_certified_as_a_participant_not_with_the_Ahli_K3_title()
    {
        var lines = Lines(CertificatePdf.Render(CertificatePdfTests.Document(category: ParticipantCategory.Pengawas, highPerforming: false), Url));

        Assert.Contains("Keikutsertaan Kegiatan", lines);
        Assert.DoesNotContain("Peningkatan Kompetensi Ahli K3", lines);
        Assert.Contains("Pengawas Ketenagakerjaan", lines);
        Assert.Contains(lines, l => l.StartsWith("sebagai peserta yang telah mengikuti", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Ahli K3 bidang", StringComparison.Ordinal));
    }

    [Fact]
    public void An_Ahli_K3_is_certified_in_the_display_name_of_the_expertise_field_with_the_predicate()
    {
        var lines = Lines(CertificatePdf.Render(CertificatePdfTests.Document(), Url));

        Assert.Contains("Peningkatan Kompetensi Ahli K3", lines);
        Assert.Contains("Ahli K3 bidang K3 Listrik", lines);
        Assert.Contains("dengan predikat Berkinerja Tinggi", lines);
    }

    [Fact]
    public void The_logo_and_an_uploaded_signature_are_printed_as_images()
    {
        var (signature, _) = CertificateImages.Normalize(CertificateImages.DefaultLogo);
        var pdf = CertificatePdf.Render(CertificatePdfTests.Document(signatory: Director,
            artwork: new CertificateArtwork(CertificateImages.DefaultLogo, signature!.Png)), Url);

        using var document = PdfDocument.Open(pdf);
        var images = document.GetPage(1).GetImages().ToList();
        Assert.Equal(3, images.Count); // logo, signature, QR code
        Assert.Contains(images, i => i.BoundingBox.Bottom > 450); // the logo heads the page
        Assert.Contains(images, i => i.BoundingBox.Left > 550 && i.BoundingBox.Top < 150); // the signature above the name
    }
}
