using K3Competency.Application.Imports;
using K3Competency.Domain;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Imports;

public sealed class ResultImportTests(AppFixture fixture) : ImportTest(fixture)
{

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TwoPartnersAsync();
        await RegisterAsync(SharedBatch, Nik(1), LpkA);
        await RegisterAsync(SharedBatch, Nik(2), LpkA);
        await RegisterAsync(SharedBatch, Nik(3), LpkB);
    }

    private async Task<(decimal? Pre, decimal? Post)> ScoresAsync(string nik)
    {
        await using var db = Database.CreateDbContext();
        var r = await db.Registrations.SingleAsync(x => x.Participant!.Nik == nik);
        return (r.PreTestScore, r.PostTestScore);
    }

    [Fact]
    public async Task Results_import_records_scores_and_a_corrected_file_updates_them()
    {
        var first = Lines("nik;nilai_pre_test;nilai_post_test", $"{Nik(1)};60;87,5", $"{Nik(2)};;70");
        var report = await ImportAsync(UploadKind.Results, SharedBatch, first);

        Assert.Equal((2, 2, 0, 0, 0, true), (report.Rows, report.Inserted, report.Updated, report.Unchanged, report.Rejected, report.Committed));
        Assert.Equal((60m, 87.5m), await ScoresAsync(Nik(1)));
        Assert.Equal((null, 70m), await ScoresAsync(Nik(2)));

        var corrected = await ImportAsync(UploadKind.Results, SharedBatch, Lines("nik;nilai_pre_test;nilai_post_test", $"{Nik(1)};60;87,5", $"{Nik(2)};55;72"));
        Assert.Equal((0, 1, 1), (corrected.Inserted, corrected.Updated, corrected.Unchanged));
        Assert.Equal((55m, 72m), await ScoresAsync(Nik(2)));
    }

    [Fact]
    public async Task Blank_pre_test_keeps_the_stored_one()
    {
        await ImportAsync(UploadKind.Results, SharedBatch, Lines("nik,nilai_pre_test,nilai_post_test", $"{Nik(1)},60,80"));
        var report = await ImportAsync(UploadKind.Results, SharedBatch, Lines("nik,nilai_post_test", $"{Nik(1)},80"));
        Assert.Equal(1, report.Unchanged);
        Assert.Equal((60m, 80m), await ScoresAsync(Nik(1)));
    }

    [Fact]
    public async Task Score_of_100_5_is_a_row_error_and_nothing_is_written()
    {
        var report = await ImportAsync(UploadKind.Results, SharedBatch, Lines("nik;nilai_post_test", $"{Nik(1)};90", $"{Nik(2)};100,5"));

        var error = ErrorAt(report, 3, "nilai_post_test");
        Assert.Equal("100,5", error.Value);
        Assert.Contains("0-100", error.Message, StringComparison.Ordinal);
        Assert.Equal((null, null), await ScoresAsync(Nik(1)));
    }

    [Fact]
    public async Task Institution_admin_scores_only_its_own_participants()
    {
        var csv = Lines("nik,nilai_post_test", $"{Nik(1)},90", $"{Nik(3)},95");

        var report = await ImportAsync(UploadKind.Results, SharedBatch, csv, AdminOf(LpkA), partial: true);

        Assert.Equal((1, 1), (report.Inserted, report.Rejected));
        Assert.Contains("terdaftar melalui lembaga lain", ErrorAt(report, 3, "nik").Message, StringComparison.Ordinal);
        Assert.Equal((null, 90m), await ScoresAsync(Nik(1)));
        Assert.Equal((null, null), await ScoresAsync(Nik(3)));
    }
}
