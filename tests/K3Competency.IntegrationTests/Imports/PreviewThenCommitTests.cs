using K3Competency.Application;
using K3Competency.Application.Imports;
using K3Competency.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace K3Competency.IntegrationTests.Imports;

/// <summary>
/// Preview, then "Impor" without choosing the file again (issue 12): the preview keeps the file in PostgreSQL for its
/// uploader, batch and kind for 30 minutes; committing it imports that very file and deletes it.
/// </summary>
public sealed class PreviewThenCommitTests(AppFixture fixture) : ImportTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TwoPartnersAsync();
    }

    public override Task DisposeAsync()
    {
        Factory.Clock.Release();
        return base.DisposeAsync();
    }

    private string OneBadRow => Lines(
        RegistrationHeader,
        $"{Nik(1)},Budi Santoso,,,,,,AHLI_K3,LISTRIK,,,LPK-A",
        $"{Nik(2)},Siti Aminah,,,,Atlantis,,PENGAWAS,,,,",
        $"{Nik(3)},Rina Wati,,,,,,PENGAWAS,,,,");

    private async Task<ImportReport> PreviewAsync(string csv)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv));
        var result = await scope.ServiceProvider.GetRequiredService<ImportService>().ImportAsync(
            new ImportRequest(UploadKind.Registrations, SharedBatch, "peserta.csv", Staff) { DryRun = true, KeepForCommit = true }, stream);
        Assert.True(result.Succeeded, result.Message);
        return result.Value!;
    }

    private async Task<ServiceResult<ImportReport>> CommitAsync(Guid spool, Application.Identity.Actor actor, bool partial = true)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ImportService>().ImportSpooledAsync(spool,
            new ImportRequest(UploadKind.Registrations, SharedBatch, "", actor) { Partial = partial });
    }

    private async Task<long> SpoolsAsync()
    {
        await using var connection = await Database.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM upload_spools", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_strict_preview_counts_what_the_valid_rows_would_do_and_partial_Impor_commits_the_kept_file_once()
    {
        var preview = await PreviewAsync(OneBadRow);
        Assert.Equal((3, 2, 0, 0, 1), (preview.Rows, preview.Inserted, preview.Updated, preview.Unchanged, preview.Rejected));
        Assert.False(preview.Committed);
        Assert.NotNull(preview.SpoolId);
        Assert.Equal(0, await CountAsync("registrations"));
        Assert.Equal(1, await SpoolsAsync());

        var strict = await CommitAsync(preview.SpoolId!.Value, Staff, partial: false);
        Assert.True(strict.Succeeded);
        Assert.False(strict.Value!.Committed);
        Assert.Equal(1, await SpoolsAsync());

        var committed = await CommitAsync(preview.SpoolId!.Value, Staff);
        Assert.True(committed.Succeeded, committed.Message);
        Assert.Equal((2, 1, true), (committed.Value!.Inserted, committed.Value.Rejected, committed.Value.Committed));
        Assert.Equal(2, await CountAsync("registrations"));
        Assert.Equal(0, await SpoolsAsync());

        var again = await CommitAsync(preview.SpoolId!.Value, Staff);
        Assert.Equal(Failure.Expired, again.Failure);
        Assert.Equal(2, await CountAsync("registrations"));
    }

    [Fact]
    public async Task The_kept_file_is_only_the_uploaders_and_is_gone_after_30_minutes()
    {
        var preview = await PreviewAsync(OneBadRow);
        var otherStaff = Staff with { UserId = "staff-2" };
        Assert.Equal(Failure.Expired, (await CommitAsync(preview.SpoolId!.Value, otherStaff)).Failure);

        Factory.Clock.Pin(DateTimeOffset.UtcNow.AddMinutes(31));
        var late = await CommitAsync(preview.SpoolId!.Value, Staff);
        Assert.Equal(Failure.Expired, late.Failure);
        Assert.Contains("Pilih berkasnya lagi", late.Message, StringComparison.Ordinal);
        Assert.Equal(0, await SpoolsAsync());
        Assert.Equal(0, await CountAsync("registrations"));
    }
}
