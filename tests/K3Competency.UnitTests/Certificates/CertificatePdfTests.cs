using K3Competency.Application.Certificates;
using K3Competency.Domain;
using UglyToad.PdfPig;

namespace K3Competency.UnitTests.Certificates;

public sealed class CertificatePdfTests
{
    internal static CertificateDocument Document(
        string name = "Dewi Anggraini Putri",
        ParticipantCategory category = ParticipantCategory.AhliK3,
        bool highPerforming = true,
        DateTime? revokedAt = null,
        DateOnly? start = null,
        DateOnly? end = null,
        CertificateSignatory? signatory = null,
        CertificateArtwork? artwork = null) =>
        new("PKAK3-2023/06/000123", "ABCDEFGHJKMN", "Peningkatan Kompetensi Ahli K3 Tahun 2023", "PKAK3-2023",
            "Direktorat Bina Kelembagaan K3", name, category,
            category == ParticipantCategory.AhliK3 ? "LISTRIK" : null, category == ParticipantCategory.AhliK3 ? "K3 Listrik" : null,
            6, start ?? new DateOnly(2023, 11, 16), end ?? new DateOnly(2023, 11, 17), BatchMode.Hybrid, highPerforming,
            // 20:30 UTC is already the next day in WIB.
            new DateTime(2023, 11, 19, 20, 30, 0, DateTimeKind.Utc), signatory ?? CertificateSignatory.Of(null, null, null),
            revokedAt, revokedAt is null ? null : "Salah cetak nama", artwork ?? CertificateArtwork.Default);

    internal static string TextOf(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var page = Assert.Single(document.GetPages());
        return string.Join(" ", page.GetWords().Select(w => w.Text));
    }

    [Fact]
    public void The_certificate_is_one_A4_landscape_page()
    {
        using var document = PdfDocument.Open(CertificatePdf.Render(Document(), "https://k3.example/v/ABCDEFGHJKMN"));
        var page = Assert.Single(document.GetPages());
        Assert.Equal(842, page.Width, 0);
        Assert.Equal(595, page.Height, 0);
    }

    [Fact]
    public void The_certificate_reads_in_Indonesian_with_number_name_field_batch_predicate_issuer_and_code()
    {
        var text = TextOf(CertificatePdf.Render(Document(), "https://k3.example/v/ABCDEFGHJKMN"));

        Assert.Contains("SERTIFIKAT", text, StringComparison.Ordinal);
        Assert.Contains("Peningkatan Kompetensi Ahli K3", text, StringComparison.Ordinal);
        Assert.Contains("Nomor: PKAK3-2023/06/000123", text, StringComparison.Ordinal);
        Assert.Contains("diberikan kepada", text, StringComparison.Ordinal);
        Assert.Contains("Dewi Anggraini Putri", text, StringComparison.Ordinal);
        Assert.Contains("Ahli K3 bidang K3 Listrik", text, StringComparison.Ordinal);
        Assert.Contains("Angkatan ke-6, 16-17 November 2023", text, StringComparison.Ordinal);
        Assert.Contains("Berkinerja Tinggi", text, StringComparison.Ordinal);
        Assert.Contains("Jakarta, 20 November 2023", text, StringComparison.Ordinal);
        Assert.Contains("Direktur Bina Kelembagaan K3", text, StringComparison.Ordinal);
        Assert.Contains("ABCD-EFGH-JKMN", text, StringComparison.Ordinal);
        Assert.Contains("https://k3.example/v/ABCDEFGHJKMN", text, StringComparison.Ordinal);
        Assert.DoesNotContain("DICABUT", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_high_performance_there_is_no_predicate_and_other_categories_show_their_name()
    {
        var text = TextOf(CertificatePdf.Render(Document(category: ParticipantCategory.Pengawas, highPerforming: false), "https://k3.example/v/X"));

        Assert.DoesNotContain("Berkinerja Tinggi", text, StringComparison.Ordinal);
        Assert.Contains("Pengawas Ketenagakerjaan", text, StringComparison.Ordinal);
        Assert.DoesNotContain("bidang", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_revoked_certificate_says_so_with_its_reason()
    {
        var text = TextOf(CertificatePdf.Render(Document(revokedAt: new DateTime(2023, 12, 1, 3, 0, 0, DateTimeKind.Utc)), "https://k3.example/v/X"));

        Assert.Contains("TELAH DICABUT PADA 1 DESEMBER 2023", text, StringComparison.Ordinal);
        Assert.Contains("Salah cetak nama", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Letters_the_font_lacks_are_printed_as_question_marks_instead_of_failing()
    {
        var text = TextOf(CertificatePdf.Render(Document(name: "José 王小明\tÇelik"), "https://k3.example/v/X"));

        Assert.Contains("José ??? Çelik", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_very_long_name_still_renders()
    {
        var name = string.Join(' ', Enumerable.Repeat("Panjangsekali", 11));
        var text = TextOf(CertificatePdf.Render(Document(name: name), "https://k3.example/v/X"));

        Assert.Contains("Panjangsekali", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2023-11-16", "2023-11-17", "16-17 November 2023")]
    [InlineData("2023-11-16", "2023-11-16", "16 November 2023")]
    [InlineData("2023-11-30", "2023-12-01", "30 November - 1 Desember 2023")]
    [InlineData("2023-12-30", "2024-01-02", "30 Desember 2023 - 2 Januari 2024")]
    public void Batch_dates_are_written_with_Indonesian_month_names(string start, string end, string expected)
    {
        Assert.Equal(expected, CertificatePdf.DateRange(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
