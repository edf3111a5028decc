using System.Diagnostics;
using K3Competency.Application.Demo;
using K3Competency.Application.Reporting;
using K3Competency.Domain;
using K3Competency.Domain.Rules;
using K3Competency.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace K3Competency.IntegrationTests.Reporting;

/// <summary>K3_DEMO=true: the 2023 programme that reproduces the public figures of DESIGN §1.</summary>
public sealed class DemoDataTests(AppFixture fixture, ITestOutputHelper output) : IntegrationTest(fixture)
{
    private async Task<bool> LoadAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var watch = Stopwatch.StartNew();
        var loaded = await scope.ServiceProvider.GetRequiredService<DemoDataLoader>().LoadIfEmptyAsync(CancellationToken.None);
        output.WriteLine($"LoadIfEmptyAsync: {loaded} in {watch.ElapsedMilliseconds} ms");
        return loaded;
    }

    private async Task<T> Report<T>(Func<ReportingService, Task<T>> read)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<ReportingService>());
    }

    private async Task<long> Scalar(string sql)
    {
        await using var conn = await Database.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Demo_data_shows_the_2023_figures_and_the_directors_sentence()
    {
        Assert.True(await LoadAsync());

        var programmes = await Report(s => s.ListProgrammesAsync(CancellationToken.None));
        var s = (await Report(r => r.GetSummaryAsync(Assert.Single(programmes).Id, CancellationToken.None)))!;

        Assert.Equal(("PKAK3-2023", "Peningkatan Kompetensi Ahli K3 Tahun 2023", 2023), (s.Code, s.Name, s.Year));
        Assert.Equal([1, 2, 3, 4, 5, 6], s.Batches.Select(b => b.Number));
        var b5 = s.Batches[4];
        var b6 = s.Batches[5];
        Assert.Equal(11_321, b5.CumulativeUpgraded);
        Assert.Equal(7_436, b5.CumulativeHighPerforming);
        Assert.Equal(2_025, b6.Participants);
        Assert.Equal(1_298, b6.AhliK3);
        Assert.Equal(1_298, b6.Upgraded);
        Assert.Equal(0, b6.Completed);
        Assert.Equal(12_619, b6.CumulativeUpgraded);
        Assert.Equal(7_436, b6.CumulativeHighPerforming);
        Assert.Equal(12_619, s.Totals.Upgraded);
        Assert.Equal(
            "Dalam 5 angkatan telah terkumpul Ahli K3 berkinerja tinggi sebanyak 7.436 orang dan Ahli K3 yang telah " +
            "ditingkatkan kompetensinya sebanyak 11.321 orang; ditambah angkatan ke-6 sebanyak 1.298 orang, total 12.619 orang.",
            DirectorSentence.Write(s));

        // Realism the figures must survive: experts upgraded twice, no-shows, failures, the running batch.
        Assert.True(s.Batches.Take(5).Sum(b => b.Upgraded) > 11_321);
        Assert.True(s.Totals.UpgradedParticipations > s.Totals.Upgraded);
        Assert.All(s.Batches.Take(5), b =>
        {
            Assert.True(b.AhliK3 > b.Upgraded, $"batch {b.Number} has no Ahli K3 who stayed away");
            Assert.True(b.Upgraded > b.Completed, $"batch {b.Number} has no one who attended but did not complete");
            Assert.True(b.Completed > b.HighPerforming);
            Assert.True(b.Online > 0 && b.Participants > b.AhliK3);
            Assert.Equal("FINISHED", b.Status);
        });
        Assert.Equal(("RUNNING", "HYBRID", 2), (b6.Status, b6.Mode, b6.Sessions));
        Assert.Equal((new DateOnly(2023, 11, 16), new DateOnly(2023, 11, 17)), (b6.StartDate, b6.EndDate));
        Assert.Equal(DayOfWeek.Thursday, b6.StartDate.DayOfWeek);
        Assert.True(b6.Online > 0 && b6.Offline > 0);
        Assert.Equal(0, await Scalar("""
            SELECT count(*) FROM attendances a JOIN sessions s ON s.id = a.session_id JOIN batches b ON b.id = s.batch_id
            WHERE b.number = 6 AND s.number = 2
            """));
        Assert.Equal(0, await Scalar("SELECT count(*) FROM registrations r JOIN batches b ON b.id = r.batch_id WHERE b.number = 6 AND r.post_test_score IS NOT NULL"));
        Assert.Equal(727, await Scalar("""
            SELECT count(*) FROM registrations r JOIN batches b ON b.id = r.batch_id
            WHERE b.number = 6 AND r.category IN ('PENGAWAS', 'STAF_DIREKTORAT', 'ANGGOTA_ALPK3I')
            """));
        Assert.Equal((15_000, 9_000), (s.Targets.Upgraded, s.Targets.HighPerforming));

        var breakdowns = (await Report(r => r.GetBreakdownsAsync(s.ProgramId, null, CancellationToken.None)))!;
        Assert.All(breakdowns.ByProvince, p => Assert.True(p.Participants > 0, $"nobody from {p.Name}"));
        Assert.All(breakdowns.ByExpertiseField, f => Assert.True(f.Upgraded > 0, $"nobody upgraded in {f.Name}"));
        Assert.All(breakdowns.ByCategory, c => Assert.True(c.Participants > 0, $"nobody in {c.Name}"));
        Assert.Equal(12_619, breakdowns.ByProvince.Sum(p => p.Upgraded));
    }

    [Fact]
    public async Task Demo_data_loads_once_even_when_two_instances_start_together()
    {
        var results = await Task.WhenAll(LoadAsync(), LoadAsync());
        var participants = await Scalar("SELECT count(*) FROM participants");

        Assert.Equal(1, results.Count(r => r));
        Assert.False(await LoadAsync());
        Assert.Equal(1, await Scalar("SELECT count(*) FROM programmes"));
        Assert.Equal(participants, await Scalar("SELECT count(*) FROM participants"));
        Assert.Equal(1, await Scalar("SELECT count(*) FROM audit_entries WHERE action = 'demo.load'"));
    }

    [Fact]
    public async Task App_started_with_K3_DEMO_loads_the_demo_data_into_an_empty_database()
    {
        Assert.Equal(0, await Scalar("SELECT count(*) FROM programmes"));

        await using (var app = new K3AppFactory(Database, new Dictionary<string, string?> { ["K3_DEMO"] = "TRUE" }))
        {
            using var client = app.CreateClient();
            using var response = await client.GetAsync("/health/live");
            response.EnsureSuccessStatusCode();
        }

        Assert.Equal(2_025, await Scalar("""
            SELECT count(*) FROM registrations r JOIN batches b ON b.id = r.batch_id JOIN programmes p ON p.id = b.programme_id
            WHERE p.code = 'PKAK3-2023' AND b.number = 6
            """));
    }

    [Fact]
    public async Task Every_demo_person_has_a_valid_NIK_that_agrees_with_gender_and_birth_date()
    {
        Assert.True(await LoadAsync());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var checkedPeople = 0;
        await using var conn = await Database.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT nik, gender, birth_date, province_code, phone FROM participants", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var parsed = Nik.Parse(reader.GetString(0), today);
            Assert.True(parsed.IsValid, parsed.Error);
            var nik = parsed.Nik!.Value;
            Assert.Equal(nik.Gender.ToCode(), reader.GetString(1));
            Assert.Equal(nik.BirthDate, reader.GetFieldValue<DateOnly>(2));
            Assert.Equal(nik.ProvinceCode, reader.GetString(3));
            if (!reader.IsDBNull(4))
            {
                Assert.True(Phone.TryNormalize(reader.GetString(4), out var phone) && phone == reader.GetString(4));
            }
            checkedPeople++;
        }
        output.WriteLine($"{checkedPeople} NIKs checked");
        Assert.True(checkedPeople > 13_000);
        Assert.Equal(checkedPeople, await Scalar("SELECT count(DISTINCT nik) FROM participants"));
        Assert.Equal(2, await Scalar("SELECT count(DISTINCT gender) FROM participants"));
    }
}
