using System.Net;
using System.Text.RegularExpressions;
using K3Competency.Domain;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.Registrations;

/// <summary>/Workspace: where an institution admin finds its partner batches, its own numbers and its uploads.</summary>
public sealed class WorkspaceTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static string Row(string html, int batchId) => Regex.Match(html, $"<tr data-batch=\"{batchId}\">[\\s\\S]*?</tr>").Value;

    private static string[] Numbers(string row) =>
        [.. Regex.Matches(row, "<td class=\"num\"[^>]*>([^<]*)</td>").Select(m => m.Groups[1].Value)];

    [Fact]
    public async Task Workspace_lists_the_partner_batches_of_the_admins_institution_and_not_the_others()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        using var adminA = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.InstitutionAdmin, world.InstitutionA));

        var html = await adminA.GetStringAsync("/Workspace");
        Assert.Contains($"href=\"/Batches/Details/{world.SharedBatch}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Batches/Details/{world.OnlyA}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/Batches/Details/{world.OnlyB}\"", html, StringComparison.Ordinal);
        Assert.Equal("", Row(html, world.OnlyB));

        // Counted over A's own registrations: Ani only, not Bambang of B; neither attendance nor scores yet.
        Assert.Equal(["1", "0", "1", "1"], Numbers(Row(html, world.SharedBatch)));
        Assert.Contains($"href=\"/Uploads/New?batchId={world.SharedBatch}&amp;kind=ATTENDANCE\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Uploads/New?batchId={world.SharedBatch}&amp;kind=RESULTS\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Uploads\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_counts_follow_the_corrections()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var page = $"/Registrations/Edit/{world.AniOfA.RegistrationId}";
        using (var r = await staff.PostFormAsync(page, new Dictionary<string, string>
        {
            ["Attendance[0].SessionNumber"] = "1", ["Attendance[0].Status"] = "HADIR", ["Attendance[0].Version"] = "",
            ["Attendance[1].SessionNumber"] = "2", ["Attendance[1].Status"] = "HADIR", ["Attendance[1].Version"] = "",
        }, page + "?handler=Attendance"))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var version = Regex.Match(await staff.GetStringAsync(page), "name=\"Scores.Version\" value=\"(\\d+)\"").Groups[1].Value;
        using (var r = await staff.PostFormAsync(page, new Dictionary<string, string>
        {
            ["Scores.PreTest"] = "", ["Scores.PostTest"] = "75", ["Scores.Version"] = version,
        }, page + "?handler=Scores"))
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }

        using var adminA = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.InstitutionAdmin, world.InstitutionA));
        Assert.Equal(["1", "1", "0", "0"], Numbers(Row(await adminA.GetStringAsync("/Workspace"), world.SharedBatch)));

        // Staff see every batch, counted over all registrations: Ani completed, Bambang not.
        var all = await staff.GetStringAsync("/Workspace");
        Assert.Equal(["2", "1", "1", "1"], Numbers(Row(all, world.SharedBatch)));
        Assert.NotEqual("", Row(all, world.OnlyB));
    }

    [Fact]
    public async Task Home_sends_an_institution_admin_to_the_workspace_and_still_greets_anonymous_visitors()
    {
        using var adminA = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.InstitutionAdmin));
        using var home = await adminA.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/Workspace", home.Headers.Location?.ToString());

        using var anonymous = Factory.CreateFormClient();
        using var page = await anonymous.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Peningkatan Kompetensi Ahli K3", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
