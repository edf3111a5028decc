using K3Competency.Testing;

namespace K3Competency.IntegrationTests.Deliveries;

/// <summary>
/// What the mail server answers decides what happens to a mail. smtp4dev's recipient rule gives the answers:
/// 451 for a deferred address until its time has come, 550 for a rejected one (see <see cref="Smtp4dev"/>).
/// </summary>
public sealed class SmtpFailureTests(AppFixture fixture) : DeliveryTest(fixture)
{
    [Fact]
    public async Task A_server_answering_451_then_250_ends_with_all_sent_and_the_retries_counted()
    {
        using var staff = await StaffAsync();
        var until = DateTimeOffset.UtcNow.AddSeconds(5);
        string[] deferred = [Smtp4dev.DeferredAddress(until, $"{Token}-a"), Smtp4dev.DeferredAddress(until, $"{Token}-b")];
        await BatchWithCertificatesAsync(staff, [Address(1), deferred[0], Address(2), deferred[1]]);

        await SendAsync(staff, Data.BatchId);
        var report = await WaitUntilDoneAsync(staff, Data.BatchId);

        Assert.Equal((4, 4, 0), (report.Total, report.Sent, report.Failed));
        var attempts = (await ServiceReportAsync(Data.BatchId)).Items.ToDictionary(i => i.ParticipantName, i => i.Attempts);
        Assert.True(attempts[$"Peserta {Token} 001"] >= 2, $"the first deferred mail was tried {attempts[$"Peserta {Token} 001"]} time(s)");
        Assert.True(attempts[$"Peserta {Token} 003"] >= 2, $"the second deferred mail was tried {attempts[$"Peserta {Token} 003"]} time(s)");
        Assert.Equal(1, attempts[$"Peserta {Token} 000"]);
        var received = await ReceivedAsync();
        Assert.Equal(4, received.Count);
        Assert.All(deferred, a => Assert.Single(received, m => m.To.Contains(a)));
    }

    [Fact]
    public async Task A_550_marks_that_recipient_failed_with_the_reason_and_the_others_are_sent()
    {
        using var staff = await StaffAsync();
        var rejected = Smtp4dev.RejectedAddress(Token);
        var certificates = await BatchWithCertificatesAsync(staff, [Address(1), rejected, Address(2)]);

        await SendAsync(staff, Data.BatchId);
        var report = await WaitUntilDoneAsync(staff, Data.BatchId);

        Assert.Equal((3, 2, 1), (report.Total, report.Sent, report.Failed));
        var failed = Assert.Single(report.Items, i => i.Status == "failed");
        Assert.Equal(certificates.Single(c => c.ParticipantName.EndsWith("001", StringComparison.Ordinal)).Number, failed.Number);
        Assert.Contains("550", failed.Error, StringComparison.Ordinal);
        Assert.Contains("Kotak surat tidak ada", failed.Error, StringComparison.Ordinal);
        Assert.All(report.Items.Where(i => i.Status == "sent"), i => Assert.Null(i.Error));
        Assert.Equal(1, Assert.Single((await ServiceReportAsync(Data.BatchId)).Items, i => i.Status == "failed").Attempts);
        Assert.Equal(2, (await ReceivedAsync()).Count);
    }

    [Fact]
    public async Task A_mail_deferred_past_its_last_attempt_fails_and_is_delivered_by_resending_the_failed_ones()
    {
        using var staff = await StaffAsync();
        using var page = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, K3Competency.Domain.Roles.Staff));
        // Five attempts, one to two seconds apart, end long before the server takes the mail.
        var until = DateTimeOffset.UtcNow.AddSeconds(25);
        var deferred = Smtp4dev.DeferredAddress(until, Token);
        await BatchWithCertificatesAsync(staff, [deferred]);

        await SendAsync(staff, Data.BatchId);
        var failed = await WaitUntilDoneAsync(staff, Data.BatchId);
        var item = Assert.Single(failed.Items);
        Assert.Equal("failed", item.Status);
        Assert.Contains("451", item.Error, StringComparison.Ordinal);
        Assert.Contains("gagal 5 kali", item.Error, StringComparison.Ordinal);
        Assert.Empty(await ReceivedAsync());

        await Task.Delay(until - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(500));
        var url = $"/Certificates/Send/{Data.BatchId}";
        using var resend = await page.PostFormAsync(url, new Dictionary<string, string>(), url + "?handler=ResendFailed");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, resend.StatusCode);
        var report = await WaitUntilDoneAsync(staff, Data.BatchId);

        Assert.Equal("sent", Assert.Single(report.Items).Status);
        Assert.Single(await ReceivedAsync(), m => m.To.Contains(deferred));
    }
}
