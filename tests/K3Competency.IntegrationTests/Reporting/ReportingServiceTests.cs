using System.Text.Json;
using K3Competency.Application.Data;
using K3Competency.Application.Reporting;
using K3Competency.Domain;
using Microsoft.Extensions.DependencyInjection;
using static K3Competency.Domain.AttendanceStatus;

namespace K3Competency.IntegrationTests.Reporting;

/// <summary>The DESIGN §4 numbers, each on a small programme built for the test.</summary>
public sealed class ReportingServiceTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private K3DbContext _db = null!;
    private ReportingSeed _seed = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _db = Database.CreateDbContext();
        _seed = new ReportingSeed(_db);
    }

    public override async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<T> Report<T>(Func<ReportingService, Task<T>> read)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<ReportingService>());
    }

    private Task<ProgramSummary?> Summary(int programmeId) => Report(s => s.GetSummaryAsync(programmeId, CancellationToken.None));

    [Fact]
    public async Task Person_upgraded_in_two_batches_counts_once_cumulatively_and_twice_as_participations()
    {
        var p = await _seed.ProgrammeAsync("REP-1");
        var b1 = await _seed.BatchAsync(p, 1, 2);
        var b2 = await _seed.BatchAsync(p, 2, 2);
        var twice = await _seed.PersonAsync();
        var once = await _seed.PersonAsync();
        await _seed.RegisterAsync(b1, twice, 90, Hadir, Hadir);
        await _seed.RegisterAsync(b2, twice, 95, Hadir, Terlambat);
        await _seed.RegisterAsync(b2, once, 88, Hadir, Hadir);

        var s = (await Summary(p.Id))!;

        Assert.Equal([1, 2], s.Batches.Select(b => b.Upgraded));
        Assert.Equal([1, 2], s.Batches.Select(b => b.CumulativeUpgraded));
        Assert.Equal([1, 3], s.Batches.Select(b => b.CumulativeUpgradedParticipations));
        Assert.Equal([1, 2], s.Batches.Select(b => b.HighPerforming));
        Assert.Equal([1, 2], s.Batches.Select(b => b.CumulativeHighPerforming));
        Assert.Equal(2, s.Totals.Upgraded);
        Assert.Equal(3, s.Totals.UpgradedParticipations);
        Assert.Equal(3, s.Totals.HighPerforming);
        Assert.Equal(2, s.Totals.HighPerformingPersons);
    }

    [Fact]
    public async Task Person_who_only_attends_the_later_batch_is_counted_from_that_batch()
    {
        var p = await _seed.ProgrammeAsync("REP-2");
        var b1 = await _seed.BatchAsync(p, 1, 1);
        var b2 = await _seed.BatchAsync(p, 2, 1);
        var person = await _seed.PersonAsync();
        await _seed.RegisterAsync(b1, person, null, Alpa);
        await _seed.RegisterAsync(b2, person, 90, Hadir);

        var s = (await Summary(p.Id))!;

        Assert.Equal([0, 1], s.Batches.Select(b => b.CumulativeUpgraded));
        Assert.Equal([0, 1], s.Batches.Select(b => b.CumulativeHighPerforming));
    }

    [Fact]
    public async Task Attendance_and_scores_exactly_at_the_thresholds_count()
    {
        var p = await _seed.ProgrammeAsync("EXACT");
        var b = await _seed.BatchAsync(p, 1, 5);
        // 4 of 5 sessions is exactly 80 %; 70.0 is exactly the pass mark; 85.0 exactly high performance.
        await _seed.RegisterAsync(b, await _seed.PersonAsync(), 70.0m, Hadir, Hadir, Hadir, Hadir, Alpa);
        await _seed.RegisterAsync(b, await _seed.PersonAsync(), 85.0m, Hadir, Terlambat, Hadir, Hadir, Izin);
        // Just below: 3 of 5 (60 %), 69.9, 84.9, and no post-test at all.
        await _seed.RegisterAsync(b, await _seed.PersonAsync(), 95.0m, Hadir, Hadir, Hadir, Alpa, Alpa);
        await _seed.RegisterAsync(b, await _seed.PersonAsync(), 69.9m, ReportingSeed.Present(5));
        await _seed.RegisterAsync(b, await _seed.PersonAsync(), 84.9m, ReportingSeed.Present(5));
        await _seed.RegisterAsync(b, await _seed.PersonAsync(), null, ReportingSeed.Present(5));

        var batch = Assert.Single((await Summary(p.Id))!.Batches);

        Assert.Equal(6, batch.Upgraded);
        Assert.Equal(3, batch.Completed);
        Assert.Equal(1, batch.HighPerforming);
    }

    [Fact]
    public async Task Attendance_threshold_is_compared_exactly_without_rounding()
    {
        // 2 of 3 sessions is 66.666...%: short of 66.67 although it rounds to it, enough for 66.66.
        var strict = await _seed.ProgrammeAsync("STRICT", minAttendance: 66.67m);
        var lenient = await _seed.ProgrammeAsync("LENIENT", minAttendance: 66.66m);
        foreach (var p in new[] { strict, lenient })
        {
            var b = await _seed.BatchAsync(p, 1, 3);
            await _seed.RegisterAsync(b, await _seed.PersonAsync(), 80m, Hadir, Hadir, Alpa);
        }

        Assert.Equal(0, (await Summary(strict.Id))!.Totals.Completed);
        Assert.Equal(1, (await Summary(lenient.Id))!.Totals.Completed);
    }

    [Fact]
    public async Task Izin_and_alpa_do_not_count_as_attended_but_terlambat_does()
    {
        var p = await _seed.ProgrammeAsync("ABSENT");
        var b = await _seed.BatchAsync(p, 1, 2);
        await _seed.RegisterAsync(b, await _seed.PersonAsync(), 90m, Izin, Alpa);
        await _seed.RegisterAsync(b, await _seed.PersonAsync(), 90m, Izin, Izin);
        await _seed.RegisterAsync(b, await _seed.PersonAsync(), null, Terlambat, null);

        var batch = Assert.Single((await Summary(p.Id))!.Batches);

        Assert.Equal(3, batch.AhliK3);
        Assert.Equal(1, batch.Upgraded);
        Assert.Equal(0, batch.Completed);
        Assert.Equal(1, batch.CumulativeUpgraded);
    }

    [Fact]
    public async Task Other_categories_complete_but_never_count_as_upgraded_or_among_the_Ahli_K3_figures()
    {
        var p = await _seed.ProgrammeAsync("OTHERS");
        var b = await _seed.BatchAsync(p, 1, 2);
        await _seed.RegisterAsync(b, await _seed.PersonAsync(), ParticipantCategory.Pengawas, AttendanceMode.Luring, 100m, Hadir, Hadir);
        await _seed.RegisterAsync(b, await _seed.PersonAsync(), ParticipantCategory.StafDirektorat, AttendanceMode.Daring, 100m, Hadir, Hadir);
        await _seed.RegisterAsync(b, await _seed.PersonAsync(), ParticipantCategory.AnggotaAlpk3i, AttendanceMode.Daring, 100m, Hadir, Hadir);
        await _seed.RegisterAsync(b, await _seed.PersonAsync(), ParticipantCategory.AhliK3, AttendanceMode.Daring, 90m, Hadir, Hadir);

        var s = (await Summary(p.Id))!;
        var batch = Assert.Single(s.Batches);

        Assert.Equal(4, batch.Participants);
        Assert.Equal(1, batch.AhliK3);
        Assert.Equal(1, batch.Upgraded);
        Assert.Equal(1, batch.Completed);
        Assert.Equal(4, batch.CompletedAll);
        Assert.Equal(1, batch.HighPerforming);
        Assert.Equal(1, batch.CumulativeUpgraded);
        Assert.Equal(3, batch.Online);
        Assert.Equal(1, batch.Offline);
        Assert.Equal(new SummaryTotals(4, 1, 1, 1, 1, 1, 1, 3, 1, CompletedAll: 4), s.Totals);
    }

    [Fact]
    public async Task Programme_without_batches_gives_zeros()
    {
        var p = await _seed.ProgrammeAsync("EMPTY");

        var s = (await Summary(p.Id))!;

        Assert.Equal("EMPTY", s.Code);
        Assert.Empty(s.Batches);
        Assert.Equal(SummaryTotals.Zero, s.Totals);
        Assert.Equal("Belum ada angkatan pada kegiatan ini.", DirectorSentence.Write(s));
    }

    [Fact]
    public async Task Batches_without_registrations_or_without_sessions_give_zeros()
    {
        var p = await _seed.ProgrammeAsync("HOLLOW");
        await _seed.BatchAsync(p, 1, 3);
        var noSessions = await _seed.BatchAsync(p, 2, 0);
        await _seed.RegisterAsync(noSessions, await _seed.PersonAsync(), 100m);

        var s = (await Summary(p.Id))!;

        Assert.Equal([1, 2], s.Batches.Select(b => b.Number));
        Assert.All(s.Batches, b =>
        {
            Assert.Equal(0, b.Upgraded);
            Assert.Equal(0, b.Completed);
            Assert.Equal(0, b.HighPerforming);
            Assert.Equal(0, b.CumulativeUpgraded);
        });
        Assert.Equal([0, 1], s.Batches.Select(b => b.Participants));
        Assert.Equal([3, 0], s.Batches.Select(b => b.Sessions));
        Assert.Equal(new SummaryTotals(1, 1, 0, 0, 0, 0, 0, 0, 1), s.Totals);
    }

    [Fact]
    public async Task Unknown_programme_gives_null()
    {
        Assert.Null(await Summary(424242));
        Assert.Null(await Report(s => s.GetBreakdownsAsync(424242, null, CancellationToken.None)));
    }

    [Fact]
    public async Task Summary_serialises_in_the_shape_of_the_api()
    {
        var p = await _seed.ProgrammeAsync("JSON");
        var b = await _seed.BatchAsync(p, 1, 1);
        await _seed.RegisterAsync(b, await _seed.PersonAsync(), 90m, Hadir);

        var json = JsonSerializer.SerializeToElement((await Summary(p.Id))!, new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Equal(p.Id, json.GetProperty("programId").GetInt32());
        Assert.Equal("JSON", json.GetProperty("code").GetString());
        Assert.Equal(2023, json.GetProperty("year").GetInt32());
        var batch = json.GetProperty("batches")[0];
        foreach (var name in new[] { "number", "participants", "ahliK3", "upgraded", "completed", "highPerforming", "online", "offline", "cumulativeUpgraded", "cumulativeHighPerforming" })
        {
            Assert.Equal(1 - (name is "online" ? 1 : 0), batch.GetProperty(name).GetInt32());
        }
        var totals = json.GetProperty("totals");
        foreach (var name in new[] { "participants", "ahliK3", "upgraded", "upgradedParticipations", "completed", "highPerforming" })
        {
            Assert.Equal(1, totals.GetProperty(name).GetInt32());
        }
        Assert.Equal("HYBRID", batch.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Breakdowns_count_participants_and_upgraded_persons_by_category_field_province_and_mode()
    {
        var p = await _seed.ProgrammeAsync("BREAK");
        var b1 = await _seed.BatchAsync(p, 1, 1);
        var b2 = await _seed.BatchAsync(p, 2, 1);
        var papua = await _seed.PersonAsync("91");
        var bali = await _seed.PersonAsync("51");
        await _seed.RegisterAsync(b1, papua, ParticipantCategory.AhliK3, AttendanceMode.Daring, 90m, Hadir);
        await _seed.RegisterAsync(b2, papua, ParticipantCategory.AhliK3, AttendanceMode.Luring, 90m, Hadir);
        await _seed.RegisterAsync(b2, bali, ParticipantCategory.AhliK3, AttendanceMode.Daring, null, Alpa);
        await _seed.RegisterAsync(b2, await _seed.PersonAsync("91"), ParticipantCategory.Pengawas, AttendanceMode.Daring, 90m, Hadir);

        var all = (await Report(s => s.GetBreakdownsAsync(p.Id, null, CancellationToken.None)))!;
        var second = (await Report(s => s.GetBreakdownsAsync(p.Id, 2, CancellationToken.None)))!;

        var papuaRow = all.ByProvince.Single(r => r.Code == "91");
        Assert.Equal(("Papua", 3, 1), (papuaRow.Name, papuaRow.Participants, papuaRow.Upgraded));
        Assert.Equal((1, 0), (all.ByProvince.Single(r => r.Code == "51").Participants, all.ByProvince.Single(r => r.Code == "51").Upgraded));
        Assert.Equal(38, all.ByProvince.Count);
        Assert.Equal(1, all.ByProvince.Sum(r => r.Upgraded));
        Assert.Equal((3, 1), (all.ByCategory.Single(r => r.Code == "AHLI_K3").Participants, all.ByCategory.Single(r => r.Code == "AHLI_K3").Upgraded));
        Assert.Equal((1, 0), (all.ByCategory.Single(r => r.Code == "PENGAWAS").Participants, all.ByCategory.Single(r => r.Code == "PENGAWAS").Upgraded));
        Assert.Equal((3, 1), (all.ByExpertiseField.Single(r => r.Code == "UMUM").Participants, all.ByExpertiseField.Single(r => r.Code == "UMUM").Upgraded));
        Assert.Equal(10, all.ByExpertiseField.Count);
        Assert.Equal("K3 Umum", all.ByExpertiseField.Single(r => r.Code == "UMUM").Name);
        Assert.Equal(3, all.ByAttendanceMode.Single(r => r.Code == "DARING").Participants);
        Assert.Equal(1, all.ByAttendanceMode.Single(r => r.Code == "LURING").Participants);

        Assert.Equal(2, second.BatchNumber);
        Assert.Equal(2, second.ByProvince.Single(r => r.Code == "91").Participants);
        Assert.Equal(1, second.ByAttendanceMode.Single(r => r.Code == "LURING").Upgraded);
        Assert.Equal(0, second.ByAttendanceMode.Single(r => r.Code == "DARING").Upgraded);
        Assert.Null(await Report(s => s.GetBreakdownsAsync(p.Id, 3, CancellationToken.None)));
    }

    [Fact]
    public async Task Across_programmes_a_person_upgraded_in_both_counts_once()
    {
        var p2023 = await _seed.ProgrammeAsync("ALL-2023", 2023);
        var p2024 = await _seed.ProgrammeAsync("ALL-2024", 2024);
        await _seed.ProgrammeAsync("ALL-2025", 2025);
        var b2023 = await _seed.BatchAsync(p2023, 1, 1);
        var b2024 = await _seed.BatchAsync(p2024, 1, 1);
        var both = await _seed.PersonAsync();
        await _seed.RegisterAsync(b2023, both, 90m, Hadir);
        await _seed.RegisterAsync(b2024, both, 75m, Hadir);
        await _seed.RegisterAsync(b2024, await _seed.PersonAsync(), null, Hadir);

        var overall = await Report(s => s.GetOverallAsync(CancellationToken.None));

        Assert.Equal(["ALL-2025", "ALL-2024", "ALL-2023"], overall.Programmes.Select(x => x.Code));
        Assert.Equal([0, 2, 1], overall.Programmes.Select(x => x.Totals.Upgraded));
        Assert.Equal([0, 1, 1], overall.Programmes.Select(x => x.Batches));
        Assert.Equal(2, overall.UpgradedPersons);
        Assert.Equal(3, overall.UpgradedParticipations);
        Assert.Equal(1, overall.HighPerformingPersons);
        Assert.Equal(3, overall.Participants);
    }

    [Fact]
    public async Task Programmes_are_listed_newest_year_first()
    {
        await _seed.ProgrammeAsync("LIST-2022", 2022);
        await _seed.ProgrammeAsync("LIST-2024", 2024);
        await _seed.ProgrammeAsync("LIST-2023", 2023);

        var options = await Report(s => s.ListProgrammesAsync(CancellationToken.None));

        Assert.Equal([2024, 2023, 2022], options.Select(o => o.Year));
        Assert.Equal("Program LIST-2024", options[0].Name);
    }
}
