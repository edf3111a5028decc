using K3Competency.Application.Reporting;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static K3Competency.Domain.AttendanceStatus;

namespace K3Competency.IntegrationTests.Reporting;

/// <summary>The rule of DESIGN §4 as PostgreSQL applies it, once, in the relation registration_outcomes.</summary>
public sealed class RegistrationOutcomeTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private sealed record Expected(int Present, int Sessions, bool Attended, bool AttendanceMet, bool PassingScoreMet, bool Completed,
        bool HighPerforming, bool Upgraded);

    [Fact]
    public async Task Registration_outcomes_apply_the_rule_at_its_edges()
    {
        await using var db = Database.CreateDbContext();
        var seed = new ReportingSeed(db);
        var p = await seed.ProgrammeAsync("RULE"); // 80 % attendance, pass 70, high 85
        var five = await seed.BatchAsync(p, 1, 5);
        var none = await seed.BatchAsync(p, 2, 0);
        var two = await seed.BatchAsync(p, 3, 2);
        var twice = await seed.PersonAsync();
        var cases = new List<(string Case, Registration Registration, Expected Expected)>
        {
            // Exactly at the thresholds: 4 of 5 sessions is 80 %, 70.0 passes, 85.0 is high performance.
            ("4 of 5, post 70.0", await seed.RegisterAsync(five, await seed.PersonAsync(), 70.0m, Hadir, Hadir, Hadir, Hadir, Alpa),
                new(4, 5, true, true, true, true, false, true)),
            ("4 of 5 with one late, post 85.0", await seed.RegisterAsync(five, await seed.PersonAsync(), 85.0m, Hadir, Terlambat, Hadir, Hadir, Izin),
                new(4, 5, true, true, true, true, true, true)),
            // Just below them: 3 of 5 is 60 %, 69.9 fails, 84.9 is not high, and no post-test passes nothing.
            ("3 of 5, post 95", await seed.RegisterAsync(five, await seed.PersonAsync(), 95.0m, Hadir, Hadir, Hadir, Alpa, Alpa),
                new(3, 5, true, false, true, false, false, true)),
            ("5 of 5, post 69.9", await seed.RegisterAsync(five, await seed.PersonAsync(), 69.9m, ReportingSeed.Present(5)),
                new(5, 5, true, true, false, false, false, true)),
            ("5 of 5, post 84.9", await seed.RegisterAsync(five, await seed.PersonAsync(), 84.9m, ReportingSeed.Present(5)),
                new(5, 5, true, true, true, true, false, true)),
            ("5 of 5, no post-test", await seed.RegisterAsync(five, await seed.PersonAsync(), null, ReportingSeed.Present(5)),
                new(5, 5, true, true, false, false, false, true)),
            // IZIN and ALPA are recorded but not present: not attended, so not upgraded either.
            ("IZIN and ALPA only", await seed.RegisterAsync(five, await seed.PersonAsync(), 90m, Izin, Alpa, Izin, Izin, Alpa),
                new(0, 5, false, false, true, false, false, false)),
            // Other categories complete and perform; only an Ahli K3 is upgraded.
            ("Pengawas, all present, post 100", await seed.RegisterAsync(five, await seed.PersonAsync(), ParticipantCategory.Pengawas, AttendanceMode.Daring, 100m, ReportingSeed.Present(5)),
                new(5, 5, true, true, true, true, true, false)),
            // A batch without sessions completes nobody.
            ("no sessions, post 100", await seed.RegisterAsync(none, await seed.PersonAsync(), 100m),
                new(0, 0, false, false, true, false, false, false)),
            // One person in two batches: each registration counts its own batch's sessions only.
            ("person in two batches: the first", await seed.RegisterAsync(five, twice, 90m, Hadir, Hadir, Hadir, Hadir, Hadir),
                new(5, 5, true, true, true, true, true, true)),
            ("person in two batches: the second", await seed.RegisterAsync(two, twice, 75m, Hadir, Alpa),
                new(1, 2, true, false, true, false, false, true)),
        };

        var ids = cases.Select(c => c.Registration.Id).ToList();
        var outcomes = await db.RegistrationOutcomes.AsNoTracking().Where(o => ids.Contains(o.RegistrationId)).ToDictionaryAsync(o => o.RegistrationId);
        Assert.All(cases, c =>
        {
            var o = outcomes[c.Registration.Id];
            Assert.Equal((c.Case, c.Expected), (c.Case, new Expected(o.PresentSessions, o.Sessions, o.Attended, o.AttendanceMet,
                o.PassingScoreMet, o.Completed, o.HighPerforming, o.Upgraded)));
            Assert.True(o.Counts);
        });
        Assert.Equal(80.00m, outcomes[cases[0].Registration.Id].AttendancePercent);
        Assert.Equal(0.00m, outcomes[cases[8].Registration.Id].AttendancePercent);

        // The figures count the same rows: the person upgraded in two batches is one person through batch 3.
        await using var scope = Factory.Services.CreateAsyncScope();
        var summary = (await scope.ServiceProvider.GetRequiredService<ReportingService>().GetSummaryAsync(p.Id, default))!;
        Assert.Equal([7, 0, 1], summary.Batches.Select(b => b.Upgraded));
        Assert.Equal([7, 7, 7], summary.Batches.Select(b => b.CumulativeUpgraded));
        Assert.Equal([5, 0, 0], summary.Batches.Select(b => b.CompletedAll));
        Assert.Equal([4, 0, 0], summary.Batches.Select(b => b.Completed));
        Assert.Equal((7, 8), (summary.Totals.Upgraded, summary.Totals.UpgradedParticipations));
    }

    [Fact]
    public async Task Threshold_is_compared_exactly_without_a_rounded_percentage()
    {
        // 2 of 3 sessions is 66.666...%: short of 66.67 although it rounds to it, enough for 66.66.
        await using var db = Database.CreateDbContext();
        var seed = new ReportingSeed(db);
        var strict = await seed.RegisterAsync(await seed.BatchAsync(await seed.ProgrammeAsync("STRICT", minAttendance: 66.67m), 1, 3),
            await seed.PersonAsync(), 80m, Hadir, Hadir, Alpa);
        var lenient = await seed.RegisterAsync(await seed.BatchAsync(await seed.ProgrammeAsync("LENIENT", minAttendance: 66.66m), 1, 3),
            await seed.PersonAsync(), 80m, Hadir, Hadir, Alpa);

        var met = await db.RegistrationOutcomes.AsNoTracking().Where(o => o.RegistrationId == strict.Id || o.RegistrationId == lenient.Id)
            .ToDictionaryAsync(o => o.RegistrationId, o => (o.AttendanceMet, o.Completed, o.AttendancePercent));

        Assert.Equal((false, false, 66.67m), met[strict.Id]);
        Assert.Equal((true, true, 66.67m), met[lenient.Id]);
    }
}
