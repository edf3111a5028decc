using System.Diagnostics;
using System.Text;
using System.Text.Json;
using K3Competency.Application.Imports;
using K3Competency.Domain;
using Npgsql;

namespace K3Competency.IntegrationTests.Imports;

/// <summary>
/// A file that changes rows already stored (the first results of a batch, a corrected attendance file) at a size a
/// ministry batch reaches. The merge once planned its undo record on the staging table's statistics from before the ids
/// were resolved and joined it once per written row: 100,000 results ran for over ten minutes. Linear, such a file takes
/// seconds; the limit below leaves several times that.
/// </summary>
public sealed class LargeCorrectionTests(AppFixture fixture) : ImportTest(fixture)
{
    private const int People = 40_000;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private int _batch;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _batch = await BatchAsync(sessions: 2);
        var registered = await ImportAsync(UploadKind.Registrations, _batch,
            File(RegistrationHeader, i => $"{PersonNik(i)},Peserta {i},,,,,,PENGAWAS,,,,"));
        Assert.Equal(People, registered.Inserted);
    }

    /// <summary>NIKs of Jawa Timur, born on the 1st to 5th of February 1990, serials 0001-9999.</summary>
    private static string PersonNik(int i) => $"357808{1 + (i / 9999):00}0290{1 + (i % 9999):0000}";

    private static string File(string header, Func<int, string> row)
    {
        var text = new StringBuilder(header).Append("\r\n");
        for (var i = 0; i < People; i++)
        {
            text.Append(row(i)).Append("\r\n");
        }
        return text.ToString();
    }

    private async Task<(ImportReport Report, TimeSpan Took)> TimedAsync(UploadKind kind, string csv)
    {
        var watch = Stopwatch.StartNew();
        var report = await ImportAsync(kind, _batch, csv);
        return (report, watch.Elapsed);
    }

    [Fact]
    public async Task The_first_results_of_40_000_registered_people_are_merged_in_seconds()
    {
        var (report, took) = await TimedAsync(UploadKind.Results, File("nik,nilai_pre_test,nilai_post_test", i => $"{PersonNik(i)},55,{60 + (i % 40)}"));

        Assert.Equal((People, 0, true), (report.Inserted, report.Rejected, report.Committed));
        Assert.True(took < Limit, $"40.000 nilai took {took.TotalSeconds:0.0} s (limit {Limit.TotalSeconds} s).");
        Assert.Equal(People, await CountAsync("upload_changes WHERE table_name = 'registrations' AND before IS NOT NULL"));
    }

    /// <summary>
    /// The next file of the batch (attendance, results) finds its registrations by a join planned on the statistics of
    /// registrations; planned on "none in this batch", as they stood until autovacuum came by, it took twice as long.
    /// </summary>
    [Fact]
    public async Task The_registration_import_leaves_statistics_that_know_its_registrations()
    {
        await using var conn = await Database.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"EXPLAIN (FORMAT JSON) SELECT 1 FROM registrations WHERE batch_id = {_batch} AND status = 'DITERIMA'", conn);
        using var plan = JsonDocument.Parse((string)(await cmd.ExecuteScalarAsync())!);
        var estimate = plan.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();

        Assert.True(estimate >= People / 2, $"The planner expects {estimate} registrations of the batch, not about {People}.");
    }

    [Fact]
    public async Task A_corrected_attendance_file_of_40_000_rows_is_merged_in_seconds()
    {
        var first = await ImportAsync(UploadKind.Attendance, _batch, File("nik,sesi,status", i => $"{PersonNik(i)},1,HADIR"));
        Assert.Equal(People, first.Inserted);

        var (report, took) = await TimedAsync(UploadKind.Attendance, File("nik,sesi,status", i => $"{PersonNik(i)},1,{(i % 4 == 0 ? "ALPA" : "TERLAMBAT")}"));

        Assert.Equal((0, People, 0, true), (report.Inserted, report.Updated, report.Rejected, report.Committed));
        Assert.True(took < Limit, $"40.000 presensi took {took.TotalSeconds:0.0} s (limit {Limit.TotalSeconds} s).");
        Assert.Equal(People / 4, await CountAsync("attendances WHERE status = 'ALPA'"));
    }
}
