using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace K3Competency.IntegrationTests.Deliveries;

/// <summary>
/// Two app instances over one database are two nodes of one job-engine cluster (DESIGN §11). They run in a
/// database of their own, so no other node of the test run joins their cluster; each node executes one run
/// at a time (<c>Delivery:NodeThreads</c> 1) and the mails are spaced (<c>Delivery:PerMinute</c>), so the batch
/// lasts longer than a node takes to look for work the other scheduled, and the second run must be taken by the
/// other node.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class TwoInstancesTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> OneRunPerNode = new()
    {
        ["Delivery:NodeThreads"] = "1",
        ["Delivery:PerMinute"] = "240",
    };

    private readonly TestDatabase _database = new("twonodes");
    private readonly string _token = "n" + Guid.NewGuid().ToString("N")[..10];
    private K3AppFactory _first = null!;
    private K3AppFactory _second = null!;

    public async Task InitializeAsync()
    {
        await _database.CreateAsync();
        _first = new K3AppFactory(_database, OneRunPerNode);
        _second = new K3AppFactory(_database, OneRunPerNode);
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    private string Address(int i) => DeliveryTest.AddressOf(_token, i);

    [Fact]
    public async Task Two_app_instances_sending_the_same_batch_at_once_share_the_work_and_deliver_each_mail_once()
    {
        foreach (var app in new[] { _first, _second })
        {
            var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            Assert.Equal(1, (await scheduler.GetMetadata()).ThreadPoolSize);
        }
        using var first = await TestUsers.BearerClientAsync(_first, Roles.Staff);
        using var other = await TestUsers.BearerClientAsync(_second, Roles.Staff);
        var (data, _) = await DeliveryTest.BatchWithCertificatesAsync(_database, first, _token,
            [.. Enumerable.Range(0, 40).Select(Address)]);

        var started = await Task.WhenAll(DeliveryTest.SendAsync(first, data.BatchId), DeliveryTest.SendAsync(other, data.BatchId));
        var report = await DeliveryTest.WaitUntilDoneAsync(other, data.BatchId);

        // The batch's lock lets one request queue the 40 mails; the other finds nothing new.
        Assert.Equal([0, 40], started.Select(s => s.Recipients).Order());
        Assert.Equal((40, 40), (report.Total, report.Sent));
        var received = await DeliveryTest.ReceivedAsync(_token);
        Assert.Equal(40, received.Count);
        Assert.All(Enumerable.Range(0, 40), i => Assert.Single(received, m => m.To.Contains(Address(i))));
        await using var db = _database.CreateDbContext();
        var nodes = await db.Deliveries.Where(d => d.BatchId == data.BatchId).Select(d => d.ClaimedBy).Distinct().CountAsync();
        Assert.Equal(2, nodes);
    }
}
