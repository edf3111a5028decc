using K3Competency.Domain;
using K3Competency.IntegrationTests.Reporting;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace K3Competency.IntegrationTests.Data;

/// <summary>
/// Rolling a release back runs the Down of each migration since (DESIGN §9 maintenance versions 2-5 each replace SQL
/// functions and, in version 5, the figures table itself). After the Downs the figures must still be exact and the
/// older functions must keep them exact on the next writes; migrating up again must do the same.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OutcomeMigrationsDownTests : IAsyncLifetime
{
    /// <summary>The last migration before maintenance version 2: version 1 of registration_outcomes, figures in one table.</summary>
    private const string BeforeVersion2 = "20261201164025_UploadUndo";

    private readonly TestDatabase _database = new("downgrade");

    public Task InitializeAsync() => _database.CreateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Migrating_down_to_version_1_and_up_again_keeps_the_figures_exact_through_later_writes()
    {
        await using (var db = _database.CreateDbContext())
        {
            var seed = new ReportingSeed(db);
            var programme = await seed.ProgrammeAsync("PKAK3-DOWN");
            var first = await seed.BatchAsync(programme, 1, 3);
            var second = await seed.BatchAsync(programme, 2, 3);
            var twice = await seed.PersonAsync();
            await seed.RegisterAsync(first, twice, 80, ReportingSeed.Present(3));
            await seed.RegisterAsync(second, twice, 90, ReportingSeed.Present(3));
            await seed.RegisterAsync(first, await seed.PersonAsync("31"), 75, AttendanceStatus.Hadir, AttendanceStatus.Terlambat, AttendanceStatus.Alpa);
            await seed.RegisterAsync(first, await seed.PersonAsync(), ParticipantCategory.Pengawas, AttendanceMode.Daring, 88, ReportingSeed.Present(3));
            await seed.RegisterAsync(second, await seed.PersonAsync(), 60, AttendanceStatus.Hadir, null, AttendanceStatus.Izin);
        }
        await KeptFigures.AssertEqualToARecountAsync(_database, "the seed on the newest schema");

        await MigrateAsync(BeforeVersion2);
        Assert.Equal("r", await ScalarAsync("SELECT relkind::text FROM pg_class WHERE relname = 'outcome_figures'"));
        await KeptFigures.AssertEqualToARecountAsync(_database, "migrating down to version 1");
        await WriteAsync("version 1");

        await MigrateAsync(null);
        Assert.Equal("v", await ScalarAsync("SELECT relkind::text FROM pg_class WHERE relname = 'outcome_figures'"));
        await KeptFigures.AssertEqualToARecountAsync(_database, "migrating up again");
        await WriteAsync("the newest schema again");
    }

    /// <summary>Writes through every maintained path (attendance insert, update and delete; scores), checking after each.</summary>
    private async Task WriteAsync(string schema)
    {
        string[] writes =
        [
            // The third person's missing second session (of the second batch), present.
            """
            INSERT INTO attendances (batch_id, registration_id, session_id, status, source, updated_at)
            SELECT r.batch_id, r.id, s.id, 'HADIR', 'CORRECTION', now() FROM registrations r JOIN sessions s ON s.batch_id = r.batch_id
            WHERE NOT EXISTS (SELECT 1 FROM attendances a WHERE a.registration_id = r.id AND a.session_id = s.id)
            """,
            "UPDATE attendances SET status = CASE status WHEN 'ALPA' THEN 'HADIR' ELSE 'ALPA' END WHERE id IN (SELECT min(id) FROM attendances GROUP BY registration_id)",
            "UPDATE registrations SET post_test_score = 100 - post_test_score",
            "DELETE FROM attendances WHERE id IN (SELECT max(id) FROM attendances GROUP BY registration_id)",
        ];
        foreach (var sql in writes)
        {
            await using var conn = await _database.OpenAsync();
            await using var command = new NpgsqlCommand(sql, conn);
            Assert.True(await command.ExecuteNonQueryAsync() > 0, sql);
            await KeptFigures.AssertEqualToARecountAsync(_database, $"{sql.Split(' ')[0]} on {schema}");
        }
    }

    private async Task MigrateAsync(string? target)
    {
        await using var db = _database.CreateDbContext();
        await db.GetService<IMigrator>().MigrateAsync(target);
    }

    private async Task<string?> ScalarAsync(string sql)
    {
        await using var conn = await _database.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        return (string?)await command.ExecuteScalarAsync();
    }
}
