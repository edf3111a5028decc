using System.Net;
using System.Net.Http.Headers;
using K3Competency.Domain;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.Registrations;

/// <summary>DESIGN §2: an institution admin sees its partner batches and only its own registrations, never another institution's.</summary>
public sealed class InstitutionScopeTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static string Html(string html) => WebUtility.HtmlDecode(html);

    [Fact]
    public async Task Institution_admin_gets_403_on_a_batch_only_another_institution_partners()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        var adminA = await TestUsers.CreateAsync(Factory, Roles.InstitutionAdmin, world.InstitutionA);
        using var page = await TestUsers.SignedInClientAsync(Factory, adminA);

        using var response = await page.Http.GetAsync($"/Batches/Details/{world.OnlyB}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("Citra Beta", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var api = Factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TestUsers.TokenAsync(api, adminA));
        using var apiResponse = await api.GetAsync($"/api/v1/batches/{world.OnlyB}");
        Assert.Equal(HttpStatusCode.Forbidden, apiResponse.StatusCode);
        using var own = await api.GetAsync($"/api/v1/batches/{world.OnlyA}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Institution_admin_sees_only_its_own_registrations_on_a_shared_batch_and_in_search()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        using var adminA = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.InstitutionAdmin, world.InstitutionA));

        var batch = Html(await adminA.GetStringAsync($"/Batches/Details/{world.SharedBatch}"));
        Assert.Contains("Ani Alpha", batch, StringComparison.Ordinal);
        Assert.DoesNotContain("Bambang Beta", batch, StringComparison.Ordinal);
        Assert.Contains("Peserta: <strong>1</strong>", batch, StringComparison.Ordinal);
        // Corrections are Staff's: no link to them for an institution admin.
        Assert.DoesNotContain("/Registrations/Edit/", batch, StringComparison.Ordinal);

        var all = Html(await adminA.GetStringAsync("/Participants"));
        Assert.Contains("Ani Alpha", all, StringComparison.Ordinal);
        Assert.Contains("Dewi Alpha", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Bambang Beta", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Citra Beta", all, StringComparison.Ordinal);

        var byName = Html(await adminA.GetStringAsync("/Participants?q=Beta"));
        Assert.DoesNotContain("Bambang Beta", byName, StringComparison.Ordinal);
        Assert.DoesNotContain("Citra Beta", byName, StringComparison.Ordinal);
        var byNik = Html(await adminA.GetStringAsync("/Participants?q=3273080102030002"));
        Assert.DoesNotContain("Bambang Beta", byNik, StringComparison.Ordinal);

        // The same shared batch, seen by staff, lists both: the filter is the institution, not the batch.
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var staffView = Html(await staff.GetStringAsync($"/Batches/Details/{world.SharedBatch}"));
        Assert.Contains("Ani Alpha", staffView, StringComparison.Ordinal);
        Assert.Contains("Bambang Beta", staffView, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Institution_admin_cannot_open_the_profile_of_another_institutions_participant()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        using var adminA = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.InstitutionAdmin, world.InstitutionA));

        using var other = await adminA.Http.GetAsync($"/Participants/Details/{world.BambangOfB.ParticipantId}");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.DoesNotContain("Bambang Beta", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var own = await adminA.Http.GetAsync($"/Participants/Details/{world.AniOfA.ParticipantId}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("Ani Alpha", Html(await own.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }
}
