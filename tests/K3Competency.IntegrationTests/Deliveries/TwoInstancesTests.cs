using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Deliveries;

/// <summary>Two app instances over one database are two nodes of one job-engine cluster (DESIGN §11).</summary>
public sealed class TwoInstancesTests(AppFixture fixture) : DeliveryTest(fixture)
{
    [Fact]
    public async Task Two_app_instances_sending_the_same_batch_at_once_share_the_work_and_deliver_each_mail_once()
    {
        await using var second = new K3AppFactory(Database);
        var user = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var first = Factory.CreateClient();
        using var other = second.CreateClient();
        foreach (var client in new[] { first, other })
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", await TestUsers.TokenAsync(client, user));
        }
        await BatchWithCertificatesAsync(first, [.. Enumerable.Range(0, 40).Select(Address)]);

        var started = await Task.WhenAll(SendAsync(first, Data.BatchId), SendAsync(other, Data.BatchId));
        var report = await WaitUntilDoneAsync(other, Data.BatchId);

        // The batch's lock lets one request queue the 40 mails; the other finds nothing new.
        Assert.Equal([0, 40], started.Select(s => s.Recipients).Order());
        Assert.Equal((40, 40), (report.Total, report.Sent));
        var received = await ReceivedAsync();
        Assert.Equal(40, received.Count);
        Assert.All(Enumerable.Range(0, 40), i => Assert.Single(received, m => m.To.Contains(Address(i))));
        await using var db = Database.CreateDbContext();
        var nodes = await db.Deliveries.Where(d => d.BatchId == Data.BatchId).Select(d => d.ClaimedBy).Distinct().CountAsync();
        Assert.Equal(2, nodes);
    }
}
