using System.Net;
using System.Net.Http.Json;
using K3Competency.Application.Deliveries;
using K3Competency.Domain;
using K3Competency.IntegrationTests.Certificates;
using K3Competency.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Quartz;
using UglyToad.PdfPig;

namespace K3Competency.IntegrationTests.Deliveries;

/// <summary>
/// Certificate mail against the run's real smtp4dev (<see cref="Smtp4dev.Shared"/>). Every address of a test
/// carries the test's own token, so the test reads back exactly its own mails from the shared server.
/// </summary>
public abstract class DeliveryTest(AppFixture fixture) : IntegrationTest(fixture)
{
    public sealed record Started(string JobId, int Recipients);

    public sealed record Item(string Number, string Email, string Status, string? Error);

    public sealed record Report(int Total, int Queued, int Sent, int Failed, List<Item> Items);

    public sealed record CertificateRow(string Number, string Code, string ParticipantName);

    protected static Smtp4dev Mail => Smtp4dev.Shared;

    protected string Token { get; } = "t" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>An address of this test that the server accepts.</summary>
    protected string Address(int i) => AddressOf(Token, i);

    /// <summary>An address the server accepts, carrying a test's token.</summary>
    internal static string AddressOf(string token, int i) => $"penerima-{token}-{i:000}@uji.k3.local";

    private protected CertificateTestData Data { get; private set; } = null!;

    /// <summary>
    /// One completed registration (all sessions attended, post-test 90) per entry, named "Peserta {token} {i}",
    /// with that e-mail address (none for null), and their certificates issued through the API.
    /// </summary>
    protected async Task<IReadOnlyList<CertificateRow>> BatchWithCertificatesAsync(HttpClient staff, IReadOnlyList<string?> emails)
    {
        (Data, var rows) = await BatchWithCertificatesAsync(Database, staff, Token, emails);
        return rows;
    }

    /// <inheritdoc cref="BatchWithCertificatesAsync(HttpClient, IReadOnlyList{string?})"/>
    /// <remarks>In any test database (a test with app instances of its own has its own).</remarks>
    internal static async Task<(CertificateTestData Data, IReadOnlyList<CertificateRow> Rows)> BatchWithCertificatesAsync(
        TestDatabase database, HttpClient staff, string token, IReadOnlyList<string?> emails)
    {
        var data = await new CertificateTestData(database).WithBatchAsync(sessions: 2);
        for (var i = 0; i < emails.Count; i++)
        {
            await data.RegisterAsync($"Peserta {token} {i:000}", present: 2, postTest: 90, email: emails[i]);
        }
        using (var issue = await staff.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null))
        {
            issue.EnsureSuccessStatusCode();
        }
        return (data, (await staff.GetFromJsonAsync<List<CertificateRow>>($"/api/v1/batches/{data.BatchId}/certificates"))!);
    }

    internal static async Task<Started> SendAsync(HttpClient staff, int batchId)
    {
        using var response = await staff.PostAsJsonAsync($"/api/v1/batches/{batchId}/certificates/send", new { confirm = true });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Started>())!;
    }

    internal static async Task<Report> DeliveriesAsync(HttpClient staff, int batchId) =>
        (await staff.GetFromJsonAsync<Report>($"/api/v1/batches/{batchId}/certificates/deliveries"))!;

    /// <summary>Polls the deliveries API, as the page does, until nothing is queued.</summary>
    internal static async Task<Report> WaitUntilDoneAsync(HttpClient staff, int batchId, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var report = await DeliveriesAsync(staff, batchId);
            if (report.Total > 0 && report.Queued == 0)
            {
                return report;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Still {report.Queued} of {report.Total} queued after {seconds} s.");
            await Task.Delay(250);
        }
    }

    /// <summary>Waits until the job engine has finished the runs of one send request (their triggers are gone).</summary>
    protected static async Task WaitForRunsAsync(K3AppFactory app, int batchId, string jobId, int seconds = 60)
    {
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var workers = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DeliveryOptions>>().Value.Workers;
        var keys = Enumerable.Range(1, workers).Select(w => new TriggerKey($"{batchId}-{jobId}-{w}", DeliveryScheduler.Group)).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var left = 0;
            foreach (var key in keys)
            {
                left += await scheduler.Exists(key) ? 1 : 0;
            }
            if (left == 0)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{left} run(s) of send request {jobId} still scheduled after {seconds} s.");
            await Task.Delay(100);
        }
    }

    /// <summary>This test's mails as the server holds them (<see cref="ReceivedAsync(string)"/>).</summary>
    protected Task<IReadOnlyList<Smtp4dev.Summary>> ReceivedAsync() => ReceivedAsync(Token);

    /// <summary>
    /// The mails whose address carries the token, as the server holds them. smtp4dev stores a message shortly after
    /// it answered 250, so its list may lag the app's "sent": read until the count has held for a second (at most 15 s).
    /// </summary>
    internal static async Task<IReadOnlyList<Smtp4dev.Summary>> ReceivedAsync(string token)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var received = await Mail.MessagesAsync(token);
        var steady = 0;
        while (steady < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            var again = await Mail.MessagesAsync(token);
            steady = again.Count == received.Count ? steady + 1 : 0;
            received = again;
        }
        return received;
    }

    /// <summary>The text of the PDF attached to a received mail, and the attachment's file name.</summary>
    protected static async Task<(string FileName, string Text)> AttachedPdfAsync(Guid messageId)
    {
        var message = await Mail.MessageAsync(messageId);
        var pdf = Assert.Single(message.Attachments.OfType<MimePart>(), a => a.ContentType.MimeType == "application/pdf");
        using var bytes = new MemoryStream();
        await pdf.Content!.DecodeToAsync(bytes);
        using var document = PdfDocument.Open(bytes.ToArray());
        return (pdf.FileName ?? "", string.Join("\n", document.GetPages().Select(p => p.Text)));
    }

    protected async Task<DeliveryReport> ServiceReportAsync(int batchId)
    {
        using var scope = Factory.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<DeliveryService>().ReportAsync(batchId, CertificateTestData.Staff, default);
        return result.Value!;
    }

    protected Task<HttpClient> StaffAsync() => TestUsers.BearerClientAsync(Factory, Roles.Staff);
}
