using System.Net;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace K3Competency.IntegrationTests.Registrations;

/// <summary>
/// The same new person registered in two batches at the same moment (issue 10, finding 6). Before the fix (d8de70f)
/// both registrations found no such NIK and both inserted it: the second failed on the unique NIK with a 500, and
/// PostgreSQL logged the NIK in the violation's DETAIL line.
/// </summary>
public sealed class ConcurrentRegistrationTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private const int Rounds = 6;

    private static Dictionary<string, string> Form(string nik, string html) => new()
    {
        ["Input.Nik"] = nik,
        ["Input.FullName"] = "Rina Serentak",
        ["Input.Category"] = "PENGAWAS",
        ["Input.AttendanceMode"] = "LURING",
        ["__RequestVerificationToken"] = FormClient.AntiforgeryToken(html)!,
    };

    [Fact]
    public async Task One_new_NIK_registered_in_two_batches_at_once_gives_two_registrations_of_one_person_and_no_500()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        var staff = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var first = await TestUsers.SignedInClientAsync(Factory, staff);
        using var second = await TestUsers.SignedInClientAsync(Factory, staff);
        var log = await ServerLog.MarkAsync(Database.ConnectionString);
        var niks = Enumerable.Range(1, Rounds).Select(round => $"35780801020{round:00}009").ToList();

        foreach (var nik in niks)
        {
            var pages = await Task.WhenAll(
                first.GetStringAsync($"/Batches/Register/{world.OnlyA}"), second.GetStringAsync($"/Batches/Register/{world.OnlyB}"));
            HttpStatusCode[] statuses;
            // The barrier: each registration locks its own batch's row before it looks the person up. Holding both
            // rows here until both requests wait on them, then letting go, sends both through the lookup ("no such
            // NIK yet") before either has inserted the person: the race of two clerks pressing Simpan at once.
            await using (var barrier = await Database.OpenAsync())
            {
                await using var tx = await barrier.BeginTransactionAsync();
                await using (var lockBatches = new NpgsqlCommand("SELECT id FROM batches WHERE id = ANY(@ids) FOR UPDATE", barrier, tx))
                {
                    lockBatches.Parameters.AddWithValue("ids", new[] { world.OnlyA, world.OnlyB });
                    await lockBatches.ExecuteNonQueryAsync();
                }
                using var toA = new FormUrlEncodedContent(Form(nik, pages[0]));
                using var toB = new FormUrlEncodedContent(Form(nik, pages[1]));
                var posts = Task.WhenAll(
                    first.Http.PostAsync($"/Batches/Register/{world.OnlyA}", toA), second.Http.PostAsync($"/Batches/Register/{world.OnlyB}", toB));
                await WaitUntilBlockedAsync(barrier, waiting: 2, posts);
                await tx.CommitAsync();
                var responses = await posts;
                statuses = [.. responses.Select(r => r.StatusCode)];
                foreach (var r in responses)
                {
                    r.Dispose();
                }
            }

            Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect], statuses);
            await using var db = Database.CreateDbContext();
            Assert.Equal(1, await db.Participants.CountAsync(p => p.Nik == nik));
            Assert.Equal(2, await db.Registrations.CountAsync(r => r.Participant!.Nik == nik));
        }

        // Nothing of the race reached the database server's log: no unique violation naming a NIK.
        var written = await log.ReadAsync(Database.ConnectionString);
        Assert.All(niks, nik => Assert.DoesNotContain(nik, written, StringComparison.Ordinal));
        Assert.DoesNotContain("duplicate key", written, StringComparison.Ordinal);
    }

    /// <summary>Waits until <paramref name="waiting"/> other backends wait on a lock the <paramref name="holder"/> holds.</summary>
    private async Task WaitUntilBlockedAsync(NpgsqlConnection holder, int waiting, Task requests)
    {
        // From another connection: inside the holder's transaction pg_stat_activity would stay as it was first read.
        await using var watcher = await Database.OpenAsync();
        await using var blocked = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE @holder = ANY(pg_blocking_pids(pid))", watcher);
        blocked.Parameters.AddWithValue("holder", holder.ProcessID);
        // Below the app's 30 s command timeout, which would end the first waiter with a 500 of the test's making.
        var until = DateTime.UtcNow.AddSeconds(20);
        while ((long)(await blocked.ExecuteScalarAsync())! < waiting)
        {
            Assert.False(requests.IsCompleted, "A registration finished without waiting for its batch's lock.");
            Assert.True(DateTime.UtcNow < until, $"Fewer than {waiting} registrations reached the batch lock within 20 s.");
            await Task.Delay(20);
        }
    }
}
