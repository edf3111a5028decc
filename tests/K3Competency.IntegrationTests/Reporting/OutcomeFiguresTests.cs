using K3Competency.Application.Batches;
using K3Competency.Application.Programmes;
using K3Competency.Application.Registrations;
using K3Competency.Application.Reporting;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.IntegrationTests.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace K3Competency.IntegrationTests.Reporting;

/// <summary>
/// The per-batch figures that the dashboard and the summary read are kept by the writes themselves (triggers in
/// the writing transaction). Whatever wrote last, they equal the figures counted again from the registrations.
/// </summary>
public sealed class OutcomeFiguresTests(AppFixture fixture) : ImportTest(fixture)
{
    private Task AssertKeptAsync(string after) => KeptFigures.AssertEqualToARecountAsync(Database, after);

    private async Task<T> With<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    [Fact]
    public async Task Figures_kept_by_every_kind_of_write_equal_a_count_from_scratch()
    {
        await TwoPartnersAsync();
        var second = await BatchAsync(3, LpkA);
        await AssertKeptAsync("setting up");

        // The registration import: Ahli K3, other categories, both modes, both institutions; person 1 is in both batches.
        string Person(int n, string category, string field, string mode, string lpk, string province = "35") =>
            $"{Nik(n)},Peserta {n},,,,{province},,{category},{field},,{mode},{lpk}";
        await ImportAsync(UploadKind.Registrations, SharedBatch, Lines(RegistrationHeader,
            Person(1, "AHLI_K3", "UMUM", "LURING", "LPK-A"), Person(2, "AHLI_K3", "LISTRIK", "DARING", "LPK-B"),
            Person(3, "PENGAWAS", "", "DARING", "LPK-A"), Person(4, "AHLI_K3", "KIMIA", "LURING", "")));
        await ImportAsync(UploadKind.Registrations, second, Lines(RegistrationHeader,
            Person(1, "AHLI_K3", "LISTRIK", "DARING", "LPK-A"), Person(5, "AHLI_K3", "UMUM", "LURING", "LPK-A")));
        await AssertKeptAsync("the registration imports");

        // Attendance and results, person 1 attending the later batch first.
        await ImportAsync(UploadKind.Attendance, second, Lines("nik,sesi,status", $"{Nik(1)},1,HADIR", $"{Nik(1)},2,HADIR", $"{Nik(1)},3,TERLAMBAT",
            $"{Nik(5)},1,IZIN"));
        await AssertKeptAsync("the attendance import of the later batch");
        await ImportAsync(UploadKind.Attendance, SharedBatch, Lines("nik,sesi,status", $"{Nik(1)},1,HADIR", $"{Nik(1)},2,HADIR",
            $"{Nik(2)},1,HADIR", $"{Nik(3)},1,HADIR", $"{Nik(3)},2,HADIR", $"{Nik(4)},1,ALPA"));
        await AssertKeptAsync("the attendance import of the earlier batch");
        await ImportAsync(UploadKind.Results, SharedBatch, Lines("nik,nilai_post_test", $"{Nik(1)},90", $"{Nik(2)},70", $"{Nik(3)},88", $"{Nik(4)},95"));
        await ImportAsync(UploadKind.Results, second, Lines("nik,nilai_post_test", $"{Nik(1)},86", $"{Nik(5)},99"));
        await AssertKeptAsync("the results imports");

        // One statement that updates a person's row and inserts another (INSERT ... ON CONFLICT DO UPDATE fires an
        // UPDATE and an INSERT trigger): person 4 goes from 0 to 2 of 2 sessions, and completes only at the second.
        await ImportAsync(UploadKind.Attendance, SharedBatch, Lines("nik,sesi,status", $"{Nik(4)},1,HADIR", $"{Nik(4)},2,HADIR"));
        await AssertKeptAsync("an attendance file that changes one row and adds another for the same person");

        // A corrected attendance file lowers a status; a corrected registration file changes category, field, mode,
        // institution and province.
        await ImportAsync(UploadKind.Attendance, SharedBatch, Lines("nik,sesi,status", $"{Nik(2)},1,ALPA"));
        await ImportAsync(UploadKind.Registrations, SharedBatch, Lines(RegistrationHeader,
            Person(1, "AHLI_K3", "KEBAKARAN", "DARING", "LPK-B", province: "51"), Person(3, "AHLI_K3", "UMUM", "LURING", "LPK-B")));
        await AssertKeptAsync("the corrected files");

        // Hand corrections: a score, an attendance added, changed and removed.
        var ids = await With(async sp =>
        {
            var db = sp.GetRequiredService<Application.Data.K3DbContext>();
            return await db.Registrations.Where(r => r.BatchId == SharedBatch).Select(r => new { r.Participant!.Nik, r.Id, r.Version })
                .ToDictionaryAsync(r => r.Nik, r => (r.Id, r.Version));
        });
        await With(sp => sp.GetRequiredService<CorrectionService>().SetScoresAsync(ids[Nik(2)].Id, null, 95, ids[Nik(2)].Version, Staff, default));
        await With(sp => sp.GetRequiredService<CorrectionService>().SetAttendanceAsync(ids[Nik(2)].Id, 2, "HADIR", null, null, null, Staff, default));
        var cell = (await With(sp => sp.GetRequiredService<CorrectionService>().GetAsync(ids[Nik(4)].Id, Staff, default)))!.Sessions[0];
        await With(sp => sp.GetRequiredService<CorrectionService>().SetAttendanceAsync(ids[Nik(4)].Id, 1, "TERLAMBAT", null, null, cell.Version, Staff, default));
        cell = (await With(sp => sp.GetRequiredService<CorrectionService>().GetAsync(ids[Nik(3)].Id, Staff, default)))!.Sessions[1];
        await With(sp => sp.GetRequiredService<CorrectionService>().SetAttendanceAsync(ids[Nik(3)].Id, 2, null, null, null, cell.Version, Staff, default));
        await AssertKeptAsync("the hand corrections");

        // The registration form.
        var registered = await With(sp => sp.GetRequiredService<RegistrationService>().RegisterAsync(second,
            new RegistrationInput(Nik(2), "Peserta 2", null, null, null, null, null, "AHLI_K3", "UMUM", null, "LURING", "LPK-A"), Staff, default));
        Assert.True(registered.Succeeded, registered.Message);
        await AssertKeptAsync("the registration form");

        // Sessions added and removed; a batch renumbered; the programme's thresholds changed.
        var batch = (await With(sp => sp.GetRequiredService<BatchService>().GetAsync(SharedBatch, Staff, default)))!;
        BatchInput Input(BatchItem b, int number, params int[] sessions) => new(number, b.StartDate, b.EndDate, b.Mode, b.Venue, b.Capacity, b.Status,
            [.. b.Partners.Select(p => p.Code)], [.. sessions.Select(n => new SessionInput(n, b.StartDate, null))]);
        var updated = await With(sp => sp.GetRequiredService<BatchService>().UpdateAsync(SharedBatch, Input(batch, 1, 1, 2, 3), batch.Version, Staff, default));
        Assert.True(updated.Succeeded, updated.Message);
        await AssertKeptAsync("adding a session");
        updated = await With(sp => sp.GetRequiredService<BatchService>().UpdateAsync(SharedBatch, Input(updated.Value!, 1, 1, 2), updated.Value!.Version, Staff, default));
        Assert.True(updated.Succeeded, updated.Message);
        await AssertKeptAsync("removing it again");
        updated = await With(sp => sp.GetRequiredService<BatchService>().UpdateAsync(SharedBatch, Input(updated.Value!, 7, 1, 2), updated.Value!.Version, Staff, default));
        Assert.True(updated.Succeeded, updated.Message);
        await AssertKeptAsync("renumbering the earlier batch after the later one");
        var programme = (await With(sp => sp.GetRequiredService<ProgrammeService>().ListAsync(default))).Single();
        var changed = await With(sp => sp.GetRequiredService<ProgrammeService>().UpdateAsync(programme.Id,
            new ProgrammeInput(programme.Code, programme.Name, programme.Year, 50, 80, 90), programme.Version, Staff, default));
        Assert.True(changed.Succeeded, changed.Message);
        await AssertKeptAsync("changing the thresholds");

        // Person 1 upgraded in two more programmes: the all-years counts move the first to the earliest year, and
        // again when a programme's year changes.
        await using (var db = Database.CreateDbContext())
        {
            var seed = new ReportingSeed(db);
            var one = await db.Participants.SingleAsync(p => p.Nik == Nik(1));
            await seed.RegisterAsync(await seed.BatchAsync(await seed.ProgrammeAsync("PKAK3-2024", 2024), 1, 1), one, 90m, AttendanceStatus.Hadir);
            await AssertKeptAsync("a registration in a later programme");
            await seed.RegisterAsync(await seed.BatchAsync(await seed.ProgrammeAsync("PKAK3-2022", 2022), 1, 1), one, 90m, AttendanceStatus.Hadir);
            await AssertKeptAsync("a registration in an earlier programme");
            var earlier = await db.Programmes.SingleAsync(p => p.Code == "PKAK3-2022");
            earlier.Year = 2025;
            await db.SaveChangesAsync();
        }
        await AssertKeptAsync("moving a programme to another year");

        // A registration deleted.
        await using (var conn = await Database.OpenAsync())
        await using (var delete = new NpgsqlCommand($"DELETE FROM registrations WHERE id = {ids[Nik(4)].Id}", conn))
        {
            await delete.ExecuteNonQueryAsync();
        }
        await AssertKeptAsync("deleting a registration");

        // A hand-written fix moves a registration (the form's, without attendance yet) to a batch of another programme.
        await using (var db = Database.CreateDbContext())
        {
            var target = await new ReportingSeed(db).BatchAsync(await db.Programmes.SingleAsync(p => p.Code == "PKAK3-2024"), 2, 1);
            await using var conn = await Database.OpenAsync();
            await using var move = new NpgsqlCommand(
                $"UPDATE registrations SET batch_id = {target.Id} WHERE batch_id = {second} AND participant_id = (SELECT id FROM participants WHERE nik = '{Nik(2)}')", conn);
            Assert.Equal(1, await move.ExecuteNonQueryAsync());
        }
        await AssertKeptAsync("moving a registration to another batch");

        // One statement over all of a person's registrations that changes one of them in a figure (the mode of
        // the later batch's, which is upgraded) and the others only in a way no figure reads (a score above
        // every mark, one point higher): the person's first appearances are worked out with both.
        await using (var conn = await Database.OpenAsync())
        await using (var correct = new NpgsqlCommand(
            $"UPDATE registrations SET attendance_mode = CASE WHEN batch_id = {second} THEN 'LURING' ELSE attendance_mode END, " +
            $"post_test_score = post_test_score + CASE WHEN batch_id = {second} THEN 0 ELSE 1 END " +
            $"WHERE participant_id = (SELECT id FROM participants WHERE nik = '{Nik(1)}')", conn))
        {
            Assert.True(await correct.ExecuteNonQueryAsync() > 2);
        }
        await AssertKeptAsync("a statement that changes several of a person's registrations, one of them in a figure");
    }

    [Fact]
    public async Task Figures_after_the_demo_load_equal_a_count_from_scratch()
    {
        // The demo loader writes its rows with set-based INSERT ... SELECT from binary COPY staging tables.
        Assert.True(await With(sp => sp.GetRequiredService<Application.Demo.DemoDataLoader>().LoadIfEmptyAsync(default)));

        await AssertKeptAsync("the demo load");
    }

    [Fact]
    public async Task An_empty_database_has_all_zero_figures()
    {
        await TwoPartnersAsync();

        var overall = await With(sp => sp.GetRequiredService<ReportingService>().GetOverallAsync(default));
        var programme = Assert.Single(overall.Programmes);
        var summary = (await With(sp => sp.GetRequiredService<ReportingService>().GetSummaryAsync(programme.ProgramId, default)))!;

        Assert.Equal(SummaryTotals.Zero, programme.Totals);
        Assert.Equal((0, 0, 0, 0), (overall.Participants, overall.UpgradedPersons, overall.UpgradedParticipations, overall.HighPerformingPersons));
        Assert.Equal(SummaryTotals.Zero, summary.Totals);
        Assert.All(summary.Batches, b => Assert.Equal((0, 0, 0), (b.Participants, b.CumulativeUpgraded, b.CompletedAll)));
        Assert.Equal(0, await CountAsync("outcome_figures"));
    }
}
