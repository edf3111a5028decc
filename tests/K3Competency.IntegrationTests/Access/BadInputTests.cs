using System.Net;
using System.Net.Http.Json;
using System.Text;
using K3Competency.Domain;
using K3Competency.IntegrationTests.Registrations;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.Access;

/// <summary>The bad input the attack report names (issue 10, finding 9): each a 4xx in Indonesian, or a page, never a 5xx.</summary>
public sealed class BadInputTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private sealed record Problem(string? Title, string? Detail, int Status, Dictionary<string, string[]>? Errors);

    [Fact]
    public async Task A_1_MB_full_name_or_a_300_character_email_for_a_new_user_is_a_422_naming_the_field()
    {
        using var admin = await TestUsers.BearerClientAsync(Factory, Roles.Admin);
        using var name = await admin.PostAsJsonAsync("/api/v1/users", new { email = "panjang@uji.k3.local", password = "kopi-tubruk-di-teras-hujan", fullName = new string('N', 1024 * 1024), role = "Staff" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, name.StatusCode);
        var p = await name.Content.ReadFromJsonAsync<Problem>();
        Assert.Contains("paling panjang", p!.Errors!["fullName"][0], StringComparison.Ordinal);

        using var email = await admin.PostAsJsonAsync("/api/v1/users", new { email = new string('e', 290) + "@uji.k3.local", password = "kopi-tubruk-di-teras-hujan", fullName = "Uji", role = "Staff" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, email.StatusCode);
        Assert.Contains("paling panjang", (await email.Content.ReadFromJsonAsync<Problem>())!.Errors!["email"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Huge_page_numbers_show_the_last_page_of_batch_uploads_audit_and_participants()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        using var admin = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Admin));
        foreach (var url in new[] { $"/Batches/Details/{world.SharedBatch}", "/Uploads", "/Admin/Audit", "/Participants" })
        {
            using var r = await admin.Http.GetAsync(url + "?p=2147483647");
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{url}: {(int)r.StatusCode}");
        }
        var batch = await admin.GetStringAsync($"/Batches/Details/{world.SharedBatch}?p=2147483647");
        Assert.Contains("Ani Alpha", batch, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_JSON_is_a_400_problem_in_Indonesian()
    {
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        using var r = await staff.PostAsync("/api/v1/institutions", new StringContent("{\"code\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var p = await r.Content.ReadFromJsonAsync<Problem>();
        // UnreadableRequestHandler answers a body the API cannot bind, in Indonesian (not "Bad Request").
        Assert.Equal("Permintaan tidak terbaca", p!.Title);
    }
}
