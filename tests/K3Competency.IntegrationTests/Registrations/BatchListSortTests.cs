using System.Net;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Registrations;

/// <summary>The registrations of a batch page are sorted on the server, and the sort survives a search.</summary>
public sealed class BatchListSortTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static int Position(string html, string name) => html.IndexOf(name, StringComparison.Ordinal);

    [Fact]
    public async Task Staff_sorts_a_batchs_registrations_by_name_or_post_test_either_way()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        await using (var db = Database.CreateDbContext())
        {
            await db.Registrations.Where(r => r.Id == world.AniOfA.RegistrationId).ExecuteUpdateAsync(s => s.SetProperty(r => r.PostTestScore, 50m));
            await db.Registrations.Where(r => r.Id == world.BambangOfB.RegistrationId).ExecuteUpdateAsync(s => s.SetProperty(r => r.PostTestScore, 90m));
        }
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var url = $"/Batches/Details/{world.SharedBatch}";

        var byName = WebUtility.HtmlDecode(await staff.GetStringAsync(url));
        Assert.True(Position(byName, "Ani Alpha") < Position(byName, "Bambang Beta"));
        var byNameDown = WebUtility.HtmlDecode(await staff.GetStringAsync(url + "?urut=name&turun=true"));
        Assert.True(Position(byNameDown, "Bambang Beta") < Position(byNameDown, "Ani Alpha"));

        var byPost = WebUtility.HtmlDecode(await staff.GetStringAsync(url + "?urut=post&turun=true"));
        Assert.True(Position(byPost, "Bambang Beta") < Position(byPost, "Ani Alpha"));
        // The header link turns the order around; the search form keeps it.
        Assert.Contains("urut=post&turun=false", byPost, StringComparison.Ordinal);
        Assert.Contains("name=\"urut\" value=\"post\"", byPost, StringComparison.Ordinal);
        var byPostUp = WebUtility.HtmlDecode(await staff.GetStringAsync(url + "?urut=post&turun=false"));
        Assert.True(Position(byPostUp, "Ani Alpha") < Position(byPostUp, "Bambang Beta"));
    }
}
