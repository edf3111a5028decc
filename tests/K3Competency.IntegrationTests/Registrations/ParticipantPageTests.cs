using System.Net;
using System.Text.RegularExpressions;
using K3Competency.Domain;
using K3Competency.IntegrationTests.Certificates;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Registrations;

/// <summary>The participant's own page (DESIGN §10.5) over HTTP: links by mail to the run's smtp4dev, one person per session.</summary>
public sealed partial class ParticipantPageTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private readonly string _token = "p" + Guid.NewGuid().ToString("N")[..10];

    private string Address(string who) => $"{who}-{_token}@uji.k3.local";

    [GeneratedRegex(@"https?://[^\s]+/saya/(masuk|email)/[0-9a-f]{64}")]
    private static partial Regex LinkInMail();

    private static async Task<string> LinkAsync(string address, int nth = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var mails = await Smtp4dev.Shared.MessagesAsync(address);
            if (mails.Count >= nth)
            {
                var text = (await Smtp4dev.Shared.MessageAsync(mails.OrderBy(m => m.ReceivedDate).ElementAt(nth - 1).Id)).TextBody ?? "";
                return new Uri(LinkInMail().Match(text).Value).AbsolutePath;
            }
            Assert.True(DateTime.UtcNow < deadline, $"No mail {nth} for {address} in 30 s.");
            await Task.Delay(200);
        }
    }

    /// <summary>Asks /saya for a link, as a person would, and returns the link's path from the mail.</summary>
    private async Task<string> AskForLinkAsync(FormClient client, string address, int nth = 1)
    {
        using var answer = await client.PostFormAsync("/saya", new Dictionary<string, string> { ["Email"] = address });
        Assert.Contains("Jika alamat ini tercatat", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        return await LinkAsync(address, nth);
    }

    private static Task<HttpResponseMessage> UseLinkAsync(FormClient client, string path) => client.PostFormAsync(path, new Dictionary<string, string>());

    [Fact]
    public async Task Sign_in_link_works_once_and_the_page_shows_the_person()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(sessions: 2);
        await data.RegisterAsync($"Peserta Saya {_token}", present: 2, postTest: 88, email: Address("saya"));
        using var client = Factory.CreateFormClient();
        var link = await AskForLinkAsync(client, Address("saya"));

        using (var first = await UseLinkAsync(client, link))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }
        var page = await client.GetStringAsync("/saya/halaman");
        Assert.Contains($"Peserta Saya {_token}", page, StringComparison.Ordinal);
        Assert.Contains("Diterima", page, StringComparison.Ordinal);
        Assert.Contains("post-test 88", page, StringComparison.Ordinal);

        using var other = Factory.CreateFormClient();
        using var again = await UseLinkAsync(other, link);
        Assert.Contains("tidak berlaku lagi", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var notIn = await other.Http.GetAsync("/saya/halaman");
        Assert.Equal(HttpStatusCode.Redirect, notIn.StatusCode);
        var token = link[(link.LastIndexOf('/') + 1)..];
        Assert.DoesNotContain(CapturedLogs.Instance.Lines, l => l.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Page_shows_completion_with_its_reason_and_the_ledger_from_the_outcomes()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(sessions: 2);
        await data.RegisterAsync($"Lulus Tinggi {_token}", present: 2, postTest: 95, email: Address("lulus"));
        await data.RegisterAsync($"Belum Lulus {_token}", present: 0, postTest: null, email: Address("belum"));

        using var passed = Factory.CreateFormClient();
        using (await UseLinkAsync(passed, await AskForLinkAsync(passed, Address("lulus"))))
        {
        }
        var page = Text(await passed.GetStringAsync("/saya/halaman"));
        Assert.Contains("Kelulusan: Lulus · berkinerja tinggi", page, StringComparison.Ordinal);
        Assert.Contains("Peningkatan kompetensi per tahun: 2023: 1", page, StringComparison.Ordinal);
        Assert.Contains("Berkinerja tinggi: 1 kali", page, StringComparison.Ordinal);

        using var notYet = Factory.CreateFormClient();
        using (await UseLinkAsync(notYet, await AskForLinkAsync(notYet, Address("belum"))))
        {
        }
        page = Text(await notYet.GetStringAsync("/saya/halaman"));
        Assert.Contains("Kelulusan: Belum lulus – kehadiran 0% <", page, StringComparison.Ordinal);
        Assert.Contains("belum ada nilai post-test", page, StringComparison.Ordinal);
        Assert.Contains("Peningkatan terakhir: belum ada", page, StringComparison.Ordinal);
        Assert.Contains("Berkinerja tinggi: 0 kali", page, StringComparison.Ordinal);
    }

    /// <summary>The page's text as a reader sees it: tags dropped, then entities decoded.</summary>
    private static string Text(string html) => WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", ""));

    [Fact]
    public async Task Sign_in_link_expires_after_15_minutes()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(sessions: 2);
        await data.RegisterAsync($"Terlambat {_token}", present: 0, postTest: null, email: Address("lambat"));
        using var client = Factory.CreateFormClient();
        var link = await AskForLinkAsync(client, Address("lambat"));
        await using (var db = Database.CreateDbContext())
        {
            // Sixteen minutes later, as the database sees it.
            await db.ParticipantLinks.ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, l => l.CreatedAt.AddMinutes(-1)));
        }
        using var late = await UseLinkAsync(client, link);
        Assert.Contains("tidak berlaku lagi", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_address_gets_the_same_answer_and_no_mail()
    {
        using var client = Factory.CreateFormClient();
        using var answer = await client.PostFormAsync("/saya", new Dictionary<string, string> { ["Email"] = Address("asing") });
        Assert.Contains(Application.Registrations.ParticipantSelfService.SentMessage, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Task.Delay(1500);
        Assert.Empty(await Smtp4dev.Shared.MessagesAsync(Address("asing")));
    }

    /// <summary>Two certificated people of one batch; the first is signed in on the returned client.</summary>
    private async Task<(FormClient Client, CertificateTestData Data, string Mine, string Theirs)> TwoHoldersAsync()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(sessions: 2);
        await data.RegisterAsync($"Pemilik {_token}", present: 2, postTest: 90, email: Address("pemilik"));
        await data.RegisterAsync($"Orang Lain {_token}", present: 2, postTest: 90, email: Address("lain"));
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        (await staff.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null)).EnsureSuccessStatusCode();
        string mine, theirs;
        await using (var db = Database.CreateDbContext())
        {
            var codes = await db.Certificates.Where(c => c.BatchId == data.BatchId)
                .Select(c => new { c.VerificationCode, db.Registrations.Single(r => r.Id == c.RegistrationId).Participant!.FullName }).ToListAsync();
            mine = codes.Single(c => c.FullName.StartsWith("Pemilik", StringComparison.Ordinal)).VerificationCode;
            theirs = codes.Single(c => c.FullName.StartsWith("Orang Lain", StringComparison.Ordinal)).VerificationCode;
        }
        var client = Factory.CreateFormClient();
        using (var signIn = await UseLinkAsync(client, await AskForLinkAsync(client, Address("pemilik"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }
        return (client, data, mine, theirs);
    }

    [Fact]
    public async Task Participant_session_gets_404_for_another_persons_certificate_and_sees_only_its_own_registrations()
    {
        var (signedIn, data, mine, theirs) = await TwoHoldersAsync();
        using var client = signedIn;
        using (var own = await client.Http.GetAsync($"/saya/sertifikat/{mine}"))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal("application/pdf", own.Content.Headers.ContentType?.MediaType);
        }
        using (var other = await client.Http.GetAsync($"/saya/sertifikat/{theirs}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }
        var page = await client.GetStringAsync("/saya/halaman");
        Assert.DoesNotContain("Orang Lain", page, StringComparison.Ordinal);
        Assert.Contains($"/saya/sertifikat/{mine}", page, StringComparison.Ordinal);
        // The participant's cookie opens nothing of the staff side.
        using var staffPage = await client.Http.GetAsync($"/Batches/Details/{data.BatchId}");
        Assert.Equal(HttpStatusCode.Redirect, staffPage.StatusCode);
        using var api = await client.Http.GetAsync($"/api/v1/batches/{data.BatchId}/registrations");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Holder_downloads_their_own_credential_from_the_page_and_it_verifies_but_another_persons_is_404()
    {
        var (signedIn, _, mine, theirs) = await TwoHoldersAsync();
        using var client = signedIn;
        var page = await client.GetStringAsync("/saya/halaman");
        Assert.Contains($"/saya/kredensial/{mine}", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"/saya/kredensial/{theirs}", page, StringComparison.Ordinal);

        string jwt;
        using (var own = await client.Http.GetAsync($"/saya/kredensial/{mine}"))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal(Application.Credentials.CredentialService.MediaType, own.Content.Headers.ContentType?.MediaType);
            Assert.Equal($"kredensial-{mine}.jwt", own.Content.Headers.ContentDisposition?.FileNameStar ?? own.Content.Headers.ContentDisposition?.FileName);
            jwt = await own.Content.ReadAsStringAsync();
        }
        // What the holder hands to an employer checks out at the public verification endpoint as valid.
        using var verifier = Factory.CreateFormClient();
        using (var check = await verifier.Http.PostAsync("/api/v1/credentials/verify", new StringContent(jwt, System.Text.Encoding.UTF8, "text/plain")))
        {
            check.EnsureSuccessStatusCode();
            var answer = await check.Content.ReadAsStringAsync();
            Assert.Contains("\"valid\":true", answer, StringComparison.Ordinal);
        }
        using (var other = await client.Http.GetAsync($"/saya/kredensial/{theirs}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }
        // Without a participant session there is nothing to download: the visitor is sent to ask for a link.
        using var anonymous = Factory.CreateFormClient();
        using var notIn = await anonymous.Http.GetAsync($"/saya/kredensial/{mine}");
        Assert.Equal(HttpStatusCode.Redirect, notIn.StatusCode);
    }

    [Fact]
    public async Task Another_persons_e_mail_confirmation_opened_in_a_participant_session_is_404_and_stays_usable_by_its_owner()
    {
        using var client = (await TwoHoldersAsync()).Client;
        using var owner = Factory.CreateFormClient();
        using (await UseLinkAsync(owner, await AskForLinkAsync(owner, Address("lain"))))
        {
        }
        using (var asked = await owner.PostFormAsync("/saya/halaman", new Dictionary<string, string> { ["NewEmail"] = Address("lainbaru") }, "/saya/halaman?handler=Email"))
        {
            Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        }
        var confirm = await LinkAsync(Address("lainbaru"));

        using (var foreign = await UseLinkAsync(client, confirm))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
            Assert.Contains("tidak berlaku lagi", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        await using (var db = Database.CreateDbContext())
        {
            Assert.Equal(Address("lain"), (await db.Participants.SingleAsync(p => p.FullName == $"Orang Lain {_token}")).Email);
        }
        using (var confirmed = await UseLinkAsync(owner, confirm))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
            Assert.Contains(Address("lainbaru"), await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        await using var after = Database.CreateDbContext();
        Assert.Equal(Address("lainbaru"), (await after.Participants.SingleAsync(p => p.FullName == $"Orang Lain {_token}")).Email);
    }

    [Fact]
    public async Task Participant_changes_phone_at_once_and_e_mail_only_through_the_link_to_the_new_address()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(sessions: 2);
        await data.RegisterAsync($"Ganti Kontak {_token}", present: 0, postTest: null, email: Address("lama"));
        using var client = Factory.CreateFormClient();
        using (var signIn = await UseLinkAsync(client, await AskForLinkAsync(client, Address("lama")))) { }

        using (var phone = await client.PostFormAsync("/saya/halaman", new Dictionary<string, string> { ["Phone"] = "0812-3456-7890" }, "/saya/halaman?handler=Phone"))
        {
            Assert.Equal(HttpStatusCode.Redirect, phone.StatusCode);
        }
        using (var email = await client.PostFormAsync("/saya/halaman", new Dictionary<string, string> { ["NewEmail"] = Address("baru") }, "/saya/halaman?handler=Email"))
        {
            Assert.Equal(HttpStatusCode.Redirect, email.StatusCode);
        }
        await using (var db = Database.CreateDbContext())
        {
            var person = await db.Participants.SingleAsync(p => p.FullName == $"Ganti Kontak {_token}");
            Assert.Equal("+6281234567890", person.Phone);
            Assert.Equal(Address("lama"), person.Email);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "participant.phone"));
        }
        var confirm = await LinkAsync(Address("baru"));
        using (var confirmed = await UseLinkAsync(client, confirm))
        {
            Assert.Contains(Address("baru"), await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        await using var after = Database.CreateDbContext();
        Assert.Equal(Address("baru"), (await after.Participants.SingleAsync(p => p.FullName == $"Ganti Kontak {_token}")).Email);
        Assert.True(await after.AuditEntries.AnyAsync(a => a.Action == "participant.email"));
    }
}
