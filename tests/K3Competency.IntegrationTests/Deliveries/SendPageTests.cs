using System.Net;
using K3Competency.Domain;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.Deliveries;

/// <summary>The "Kirim sertifikat" page: preview, confirmation, progress, without any script.</summary>
public sealed class SendPageTests(AppFixture fixture) : DeliveryTest(fixture)
{
    [Fact]
    public async Task The_preview_lists_the_recipients_those_without_email_and_a_sample_message()
    {
        using var staff = await StaffAsync();
        await BatchWithCertificatesAsync(staff, [Address(1), null, Address(3)]);
        using var page = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));

        var html = WebUtility.HtmlDecode(await page.GetStringAsync($"/Certificates/Send/{Data.BatchId}"));

        Assert.Contains("2</strong> sertifikat akan dikirim", html, StringComparison.Ordinal);
        Assert.Contains("1</strong> pemilik sertifikat belum memiliki alamat e-mail", html, StringComparison.Ordinal);
        Assert.Contains($"Peserta {Token} 001", html, StringComparison.Ordinal);
        Assert.Contains("Subjek: Sertifikat Peningkatan Kompetensi Ahli K3 Tahun 2023 angkatan ke-6", html, StringComparison.Ordinal);
        Assert.Contains($"Yth. Peserta {Token} 000,", html, StringComparison.Ordinal);
        Assert.Contains("p*****@uji.k3.local", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Address(1), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_from_the_page_needs_the_confirmation_box_then_shows_the_progress()
    {
        using var staff = await StaffAsync();
        await BatchWithCertificatesAsync(staff, [Address(1), Address(2)]);
        using var page = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var url = $"/Certificates/Send/{Data.BatchId}";

        using var unconfirmed = await page.PostFormAsync(url, new Dictionary<string, string>(), url + "?handler=Send");
        var refused = WebUtility.HtmlDecode(await unconfirmed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("konfirmasi pengiriman", refused, StringComparison.Ordinal);
        Assert.Equal(0, (await DeliveriesAsync(staff, Data.BatchId)).Total);

        using var confirmed = await page.PostFormAsync(url, new Dictionary<string, string> { ["Confirm"] = "true" }, url + "?handler=Send");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        await WaitUntilDoneAsync(staff, Data.BatchId);

        var after = WebUtility.HtmlDecode(await page.GetStringAsync(url));
        Assert.Contains("Status per penerima", after, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(after, ">Terkirim</span>"));
        Assert.Contains("Tidak ada sertifikat yang perlu dikirim sekarang.", after, StringComparison.Ordinal);
        Assert.Equal(2, (await ReceivedAsync()).Count);
    }

    [Fact]
    public async Task While_mails_are_queued_the_page_refreshes_itself_without_script()
    {
        using var staff = await StaffAsync();
        // The server defers this one for a minute, so it stays queued while the page is read.
        await BatchWithCertificatesAsync(staff, [Smtp4dev.DeferredAddress(DateTimeOffset.UtcNow.AddMinutes(1), Token)]);
        using var page = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        await SendAsync(staff, Data.BatchId);

        var html = await page.GetStringAsync($"/Certificates/Send/{Data.BatchId}");

        Assert.Contains("<noscript><meta http-equiv=\"refresh\" content=\"10\"></noscript>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/js/deliveries.js", html, StringComparison.Ordinal);
        Assert.Contains("data-url=\"/api/v1/batches/", html, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
