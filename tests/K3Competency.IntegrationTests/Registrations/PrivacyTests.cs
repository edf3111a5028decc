using System.Net;
using K3Competency.Domain;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.Registrations;

/// <summary>
/// A role that sees NIKs masked cannot get them back (issue 10, finding 7): no birth date or gender beside the
/// masked NIK, only an age band, and no search by a whole NIK that would confirm a guess.
/// </summary>
public sealed class PrivacyTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private const string AniNik = "3578080102030001"; // born 1 February 2003, a man

    [Fact]
    public async Task Director_sees_an_age_band_but_neither_birth_date_nor_gender_beside_the_masked_NIK()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        foreach (var role in new[] { Roles.Director, Roles.InstitutionAdmin })
        {
            using var client = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, role, role == Roles.InstitutionAdmin ? world.InstitutionA : null));
            using var page = await client.Http.GetAsync($"/Participants/Details/{world.AniOfA.ParticipantId}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("3578********0001", html, StringComparison.Ordinal);
            Assert.DoesNotContain("2003", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Februari", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Laki-laki", html, StringComparison.Ordinal);
            Assert.Contains("data-testid=\"age-band\"", html, StringComparison.Ordinal);
            Assert.Contains("tahun", html, StringComparison.Ordinal);
        }

        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var full = await staff.GetStringAsync($"/Participants/Details/{world.AniOfA.ParticipantId}");
        Assert.Contains(AniNik, full, StringComparison.Ordinal);
        Assert.Contains("Februari 2003", full, StringComparison.Ordinal);
        Assert.Contains("Laki-laki", full, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roles_that_see_masked_NIKs_cannot_confirm_a_guessed_NIK_by_searching_for_it()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        foreach (var role in new[] { Roles.Director, Roles.InstitutionAdmin })
        {
            using var client = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, role, role == Roles.InstitutionAdmin ? world.InstitutionA : null));
            foreach (var url in new[] { $"/Participants?q={AniNik}", $"/Participants?q=3578-0801-0203-0001", $"/Batches/Details/{world.SharedBatch}?q={AniNik}" })
            {
                var html = await client.GetStringAsync(url);
                Assert.Contains("hanya untuk Staf Direktorat dan Admin", html, StringComparison.Ordinal);
                Assert.DoesNotContain("Ani Alpha", html, StringComparison.Ordinal);
            }
            // A wrong guess answers exactly the same.
            var wrong = await client.GetStringAsync("/Participants?q=3578080102030009");
            Assert.Contains("hanya untuk Staf Direktorat dan Admin", wrong, StringComparison.Ordinal);
        }
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        Assert.Contains("Ani Alpha", await staff.GetStringAsync($"/Participants?q={AniNik}"), StringComparison.Ordinal);
    }
}
