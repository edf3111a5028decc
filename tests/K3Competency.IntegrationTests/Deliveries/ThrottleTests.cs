using K3Competency.Domain;
using K3Competency.IntegrationTests.Certificates;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Deliveries;

/// <summary>Delivery__PerMinute spaces the mails evenly (DESIGN §11 throttling); an app of its own carries the setting.</summary>
[Collection(ProcessCollection.Name)]
public sealed class ThrottleTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new("throttle");
    private readonly string _token = "r" + Guid.NewGuid().ToString("N")[..10];
    private K3AppFactory _app = null!;

    public async Task InitializeAsync()
    {
        await _database.CreateAsync();
        _app = new K3AppFactory(_database, new Dictionary<string, string?> { ["Delivery:PerMinute"] = "60" });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Mails_leave_no_faster_than_the_configured_rate_per_minute()
    {
        var data = await new CertificateTestData(_database).WithBatchAsync(sessions: 1);
        for (var i = 0; i < 5; i++)
        {
            await data.RegisterAsync($"Peserta {_token} {i}", present: 1, postTest: 90, email: $"penerima-{_token}-{i}@uji.k3.local");
        }
        using var staff = await TestUsers.BearerClientAsync(_app, Roles.Staff);
        (await staff.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null)).EnsureSuccessStatusCode();

        await DeliveryTest.SendAsync(staff, data.BatchId);
        var report = await DeliveryTest.WaitUntilDoneAsync(staff, data.BatchId);

        Assert.Equal(5, report.Sent);
        // 60 a minute is one a second. Each attempt's start is recorded to the microsecond.
        await using (var db = _database.CreateDbContext())
        {
            var starts = await db.Deliveries.Where(d => d.BatchId == data.BatchId).Select(d => d.LastAttemptAt!.Value).OrderBy(t => t).ToListAsync();
            var gaps = starts.Zip(starts.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
            Assert.All(gaps, g => Assert.True(g >= 0.99, $"two attempts {g:0.000} s apart: {string.Join(", ", gaps.Select(x => x.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)))}"));
        }
        // The server stamps each arrival. The first mail also pays for the connection and a cold start, so the
        // pace is read from the second arrival on: three more seconds, less some jitter in rendering.
        var arrivals = (await Smtp4dev.Shared.MessagesAsync(_token)).Select(m => m.ReceivedDate).Order().ToList();
        Assert.Equal(5, arrivals.Count);
        var span = (arrivals[^1] - arrivals[1]).TotalSeconds;
        Assert.True(span >= 2.5, $"the last 4 of 5 mails at 60 a minute arrived within {span:0.000} s");
    }
}
