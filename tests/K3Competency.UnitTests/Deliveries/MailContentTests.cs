using K3Competency.Application.Mail;

namespace K3Competency.UnitTests.Deliveries;

public sealed class MailContentTests
{
    private static readonly MailContent Content = new(
        "Sertifikat <uji>",
        "Yth. Budi <script>alert(1)</script>,",
        ["Paragraf satu & dua."],
        new MailLink("Periksa keaslian sertifikat", "https://k3.kemnaker.go.id/verifikasi/ABCD?x=1&y=2"),
        ["Hormat kami,", "Direktorat Bina Kelembagaan K3"]);

    [Fact]
    public void The_html_part_escapes_every_text_a_user_may_have_typed()
    {
        var html = Content.Html();

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("Yth. Budi &lt;script&gt;alert(1)&lt;/script&gt;,", html, StringComparison.Ordinal);
        Assert.Contains("<title>Sertifikat &lt;uji&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://k3.kemnaker.go.id/verifikasi/ABCD?x=1&amp;y=2\"", html, StringComparison.Ordinal);
        Assert.Contains("Paragraf satu &amp; dua.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_text_part_spells_the_link_out_and_ends_with_the_no_reply_note()
    {
        var text = Content.Text();

        Assert.StartsWith("Yth. Budi <script>alert(1)</script>,\n\nParagraf satu & dua.\n\n", text, StringComparison.Ordinal);
        Assert.Contains("Periksa keaslian sertifikat:\nhttps://k3.kemnaker.go.id/verifikasi/ABCD?x=1&y=2\n", text, StringComparison.Ordinal);
        Assert.Contains("Hormat kami,\nDirektorat Bina Kelembagaan K3\n", text, StringComparison.Ordinal);
        Assert.EndsWith(MailContent.Footer + "\n", text, StringComparison.Ordinal);
    }
}
