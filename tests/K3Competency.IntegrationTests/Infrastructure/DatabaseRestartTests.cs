using System.Net;
using K3Competency.Domain;
using K3Competency.Testing;
using Npgsql;

namespace K3Competency.IntegrationTests.Infrastructure;

/// <summary>
/// The first requests after PostgreSQL restarted (issue 10, finding 9). Terminating every backend of the
/// database does to the app's connection pool exactly what a restart does: each pooled connection is dead.
/// </summary>
public sealed class DatabaseRestartTests(AppFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task Requests_after_the_database_dropped_every_connection_succeed()
    {
        var director = await TestUsers.CreateAsync(Factory, Roles.Director);
        using var browser = await TestUsers.SignedInClientAsync(Factory, director);
        using var api = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        using var anonymous = Factory.CreateClient();
        // Several connections in the pool.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => api.GetAsync("/api/v1/programs")));

        await using (var conn = await Database.OpenAsync())
        {
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", conn);
            Assert.True((long)(await kill.ExecuteScalarAsync())! > 0);
        }

        using var ready = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        for (var i = 0; i < 4; i++)
        {
            using var programs = await api.GetAsync("/api/v1/programs");
            Assert.Equal(HttpStatusCode.OK, programs.StatusCode);
            using var page = await browser.Http.GetAsync("/Dashboard");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
    }
}
