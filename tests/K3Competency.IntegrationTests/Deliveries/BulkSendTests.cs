using System.Net;
using System.Net.Http.Json;
using K3Competency.Application;
using K3Competency.Application.Data;
using K3Competency.Application.Deliveries;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.IntegrationTests.Certificates;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace K3Competency.IntegrationTests.Deliveries;

public sealed class BulkSendTests(AppFixture fixture) : DeliveryTest(fixture)
{
    [Fact]
    public async Task Sending_a_batch_of_50_delivers_50_mails_each_with_its_own_certificate_attached()
    {
        using var staff = await StaffAsync();
        var certificates = await BatchWithCertificatesAsync(staff, [.. Enumerable.Range(0, 50).Select(Address)]);

        var started = await SendAsync(staff, Data.BatchId);
        var report = await WaitUntilDoneAsync(staff, Data.BatchId);

        Assert.Equal(50, started.Recipients);
        Assert.Equal((50, 50, 0, 0), (report.Total, report.Sent, report.Failed, report.Queued));
        Assert.All(report.Items, i => Assert.Matches(@"^p\*{5}@uji\.k3\.local$", i.Email));
        var received = await ReceivedAsync();
        Assert.Equal(50, received.Count);
        var byName = certificates.ToDictionary(c => c.ParticipantName);
        for (var i = 0; i < 50; i++)
        {
            var mail = Assert.Single(received, m => m.To.Contains(Address(i)));
            var certificate = byName[$"Peserta {Token} {i:000}"];
            Assert.Contains(certificate.Number, mail.Subject, StringComparison.Ordinal);
            var (fileName, text) = await AttachedPdfAsync(mail.Id);
            Assert.Equal($"sertifikat-{certificate.Number.Replace('/', '-')}.pdf", fileName);
            Assert.Contains(certificate.Number, text, StringComparison.Ordinal);
            Assert.Contains($"Peserta {Token} {i:000}", text, StringComparison.Ordinal);
        }

        await using var db = Database.CreateDbContext();
        var batch = Data.BatchId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "certificates.send" && a.EntityId == batch);
        Assert.Matches("\"recipients\": ?50\\b", audit.After);
    }

    [Fact]
    public async Task The_mail_greets_the_holder_in_Indonesian_and_links_to_the_verification_page()
    {
        using var staff = await StaffAsync();
        var certificate = Assert.Single(await BatchWithCertificatesAsync(staff, [Address(1)]));

        await SendAsync(staff, Data.BatchId);
        await WaitUntilDoneAsync(staff, Data.BatchId);

        var mail = await Mail.MessageAsync(Assert.Single(await ReceivedAsync()).Id);
        Assert.Equal($"Peserta {Token} 000", Assert.Single(mail.To.Mailboxes).Name);
        Assert.Contains($"Yth. Peserta {Token} 000,", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/verifikasi/{certificate.Code}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"http://localhost/verifikasi/{certificate.Code}\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("noreply@uji.k3.local", Assert.Single(mail.From.Mailboxes).Address);
    }

    [Fact]
    public async Task Sending_again_sends_nothing_new()
    {
        using var staff = await StaffAsync();
        await BatchWithCertificatesAsync(staff, [Address(1), Address(2), Address(3)]);
        await SendAsync(staff, Data.BatchId);
        await WaitUntilDoneAsync(staff, Data.BatchId);

        var again = await SendAsync(staff, Data.BatchId);
        await WaitForRunsAsync(Factory, Data.BatchId, again.JobId);

        Assert.Equal(0, again.Recipients);
        Assert.Equal(3, (await ReceivedAsync()).Count);
        Assert.Equal(3, (await DeliveriesAsync(staff, Data.BatchId)).Sent);
    }

    [Fact]
    public async Task A_corrected_address_is_sent_the_certificate_and_the_old_address_nothing_more()
    {
        using var staff = await StaffAsync();
        await BatchWithCertificatesAsync(staff, [Address(1)]);
        await SendAsync(staff, Data.BatchId);
        await WaitUntilDoneAsync(staff, Data.BatchId);
        await using (var db = Database.CreateDbContext())
        {
            await db.Participants.Where(p => p.Email == Address(1)).ExecuteUpdateAsync(u => u.SetProperty(p => p.Email, Address(2)));
        }

        var again = await SendAsync(staff, Data.BatchId);
        var report = await WaitUntilDoneAsync(staff, Data.BatchId);

        Assert.Equal(1, again.Recipients);
        Assert.Equal(2, report.Sent);
        var received = await ReceivedAsync();
        Assert.Single(received, m => m.To.Contains(Address(1)));
        Assert.Single(received, m => m.To.Contains(Address(2)));
    }

    [Fact]
    public async Task A_revoked_certificate_is_not_mailed()
    {
        using var staff = await StaffAsync();
        var certificates = await BatchWithCertificatesAsync(staff, [Address(1), Address(2)]);
        var revoked = certificates.Single(c => c.ParticipantName.EndsWith("000", StringComparison.Ordinal));
        using (var revoke = await staff.PostAsJsonAsync($"/api/v1/certificates/{revoked.Code}/revoke", new { reason = "Nilai salah input" }))
        {
            revoke.EnsureSuccessStatusCode();
        }

        var started = await SendAsync(staff, Data.BatchId);
        await WaitUntilDoneAsync(staff, Data.BatchId);

        Assert.Equal(1, started.Recipients);
        Assert.Equal(Address(2), Assert.Single(Assert.Single(await ReceivedAsync()).To));
    }

    [Fact]
    public async Task Staff_asking_again_mails_that_certificate_once_more()
    {
        using var staff = await StaffAsync();
        var user = await TestUsers.CreateAsync(Factory, K3Competency.Domain.Roles.Staff);
        using var page = await TestUsers.SignedInClientAsync(Factory, user);
        await BatchWithCertificatesAsync(staff, [Address(1), Address(2)]);
        await SendAsync(staff, Data.BatchId);
        await WaitUntilDoneAsync(staff, Data.BatchId);
        long deliveryId;
        await using (var db = Database.CreateDbContext())
        {
            deliveryId = await db.Deliveries.Where(d => d.Email == Address(1)).Select(d => d.Id).SingleAsync();
        }

        using var resend = await page.PostFormAsync($"/Certificates/Send/{Data.BatchId}",
            new Dictionary<string, string> { ["deliveryId"] = deliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            $"/Certificates/Send/{Data.BatchId}?handler=Resend&deliveryId={deliveryId}");
        Assert.Equal(HttpStatusCode.Redirect, resend.StatusCode);
        await WaitUntilDoneAsync(staff, Data.BatchId);

        var received = await ReceivedAsync();
        Assert.Equal(2, received.Count(m => m.To.Contains(Address(1))));
        Assert.Single(received, m => m.To.Contains(Address(2)));
    }

    [Fact]
    public async Task An_address_no_server_could_take_fails_with_a_reason_and_the_rest_are_sent()
    {
        using var staff = await StaffAsync();
        await BatchWithCertificatesAsync(staff, [Address(1), $"bukan alamat {Token}"]);

        await SendAsync(staff, Data.BatchId);
        var report = await WaitUntilDoneAsync(staff, Data.BatchId);

        Assert.Equal((2, 1, 1), (report.Total, report.Sent, report.Failed));
        Assert.Contains("tidak valid", Assert.Single(report.Items, i => i.Status == "failed").Error, StringComparison.Ordinal);
        Assert.Single(await ReceivedAsync());
    }

    [Fact]
    public async Task Sending_without_confirmation_is_refused_and_queues_nothing()
    {
        using var staff = await StaffAsync();
        await BatchWithCertificatesAsync(staff, [Address(1)]);

        using var response = await staff.PostAsJsonAsync($"/api/v1/batches/{Data.BatchId}/certificates/send", new { confirm = false });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("konfirmasi", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await DeliveriesAsync(staff, Data.BatchId)).Total);
    }

    [Fact]
    public async Task Institution_admins_and_directors_may_not_preview_send_or_follow_and_nothing_is_queued()
    {
        using var staff = await StaffAsync();
        await BatchWithCertificatesAsync(staff, [Address(1)]);
        var institutionAdmin = new Actor("lembaga-1", "Admin Lembaga", Roles.InstitutionAdmin, 1);

        using var scope = Factory.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<DeliveryService>();
        foreach (var actor in new[] { institutionAdmin, CertificateTestData.Director })
        {
            // Unconfirmed too: who may not send is refused, not asked to confirm.
            foreach (var confirmed in new[] { true, false })
            {
                Assert.Equal(Failure.Forbidden, (await service.SendAsync(Data.BatchId, confirmed, actor, "http://localhost", default)).Failure);
            }
            Assert.Equal(Failure.Forbidden, (await service.PreviewAsync(Data.BatchId, actor, "http://localhost", default)).Failure);
            Assert.Equal(Failure.Forbidden, (await service.ResendFailedAsync(Data.BatchId, actor, "http://localhost", default)).Failure);
            Assert.Equal(Failure.Forbidden, (await service.ReportAsync(Data.BatchId, actor, default)).Failure);
        }

        Assert.Equal(0, (await DeliveriesAsync(staff, Data.BatchId)).Total);
    }

    [Fact]
    public async Task Sending_an_unknown_batch_answers_404()
    {
        using var staff = await StaffAsync();

        using var send = await staff.PostAsJsonAsync("/api/v1/batches/987654/certificates/send", new { confirm = true });
        using var list = await staff.GetAsync("/api/v1/batches/987654/certificates/deliveries");

        Assert.Equal(HttpStatusCode.NotFound, send.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
    }
}
