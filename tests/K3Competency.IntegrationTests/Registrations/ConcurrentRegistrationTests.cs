using System.Net;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Registrations;

/// <summary>The same new person registered in two batches at the same moment (issue 10, finding 6).</summary>
public sealed class ConcurrentRegistrationTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static Dictionary<string, string> Form(string nik) => new()
    {
        ["Input.Nik"] = nik,
        ["Input.FullName"] = "Rina Serentak",
        ["Input.Category"] = "PENGAWAS",
        ["Input.AttendanceMode"] = "LURING",
    };

    [Fact]
    public async Task One_new_NIK_registered_in_two_batches_at_once_gives_two_registrations_of_one_person_and_no_500()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        var staff = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var first = await TestUsers.SignedInClientAsync(Factory, staff);
        using var second = await TestUsers.SignedInClientAsync(Factory, staff);
        // Rounds, because the race needs both requests to look the person up before either inserts it.
        for (var round = 1; round <= 10; round++)
        {
            var nik = $"35780801020{round:00}009";
            var tokens = await Task.WhenAll(
                first.GetStringAsync($"/Batches/Register/{world.OnlyA}"), second.GetStringAsync($"/Batches/Register/{world.OnlyB}"));
            HttpContent Content(string html) => new FormUrlEncodedContent(new Dictionary<string, string>(Form(nik))
            {
                ["__RequestVerificationToken"] = FormClient.AntiforgeryToken(html)!,
            });
            var responses = await Task.WhenAll(
                first.Http.PostAsync($"/Batches/Register/{world.OnlyA}", Content(tokens[0])),
                second.Http.PostAsync($"/Batches/Register/{world.OnlyB}", Content(tokens[1])));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));

            await using var db = Database.CreateDbContext();
            Assert.Equal(1, await db.Participants.CountAsync(p => p.Nik == nik));
            Assert.Equal(2, await db.Registrations.CountAsync(r => r.Participant!.Nik == nik));
        }
    }
}
