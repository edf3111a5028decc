using System.Net;
using K3Competency.Testing;
using Npgsql;

namespace K3Competency.IntegrationTests.Infrastructure;

/// <summary>The app's first start on an empty database, as on a fresh install (its own database, not the shared one).</summary>
public sealed class FirstStartTests
{
    [Fact]
    public async Task First_start_on_an_empty_database_migrates_before_anything_reads_it_and_logs_no_error()
    {
        var database = new TestDatabase("firststart");
        await database.CreateEmptyAsync();
        try
        {
            await using (var app = new K3AppFactory(database, new Dictionary<string, string?> { ["Database:MigrateOnStart"] = "true" }))
            {
                using var http = app.CreateClient();
                using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }

            // Data Protection's key ring lives in a table the migrations create; reading it first was an error in the log.
            Assert.DoesNotContain(CapturedLogs.Instance.Lines, l =>
                l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("data_protection_keys", StringComparison.Ordinal));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await database.DropAsync();
        }
    }
}
