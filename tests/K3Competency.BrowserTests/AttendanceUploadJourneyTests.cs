using System.Text;
using K3Competency.Application.Batches;
using K3Competency.Application.Identity;
using K3Competency.Application.Institutions;
using K3Competency.Application.Programmes;
using K3Competency.Application.Registrations;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace K3Competency.BrowserTests;

public sealed class AttendanceUploadJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static string Nik(int i) => $"3578080102{80 + i:00}0001";

    /// <summary>A running batch of two sessions with five Ahli K3 of LPK-SBY who passed the post-test but have no attendance yet.</summary>
    private async Task<(int ProgrammeId, int BatchId, int InstitutionId)> BatchAsync()
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var institution = await sp.GetRequiredService<InstitutionService>().CreateAsync(new InstitutionInput("LPK-SBY", "LPK Surabaya", "LEMBAGA_PELATIHAN", "35"), Actor.System, default);
        var programme = await sp.GetRequiredService<ProgrammeService>().CreateAsync(new ProgrammeInput("PKAK3-2025", "Peningkatan Kompetensi Ahli K3 Tahun 2025", 2025), Actor.System, default);
        var batch = await sp.GetRequiredService<BatchService>().CreateAsync(programme.Value!.Id,
            new BatchInput(1, new DateOnly(2025, 3, 4), new DateOnly(2025, 3, 5), "LURING", "Surabaya", null, "RUNNING", ["LPK-SBY"],
                [new SessionInput(1, new DateOnly(2025, 3, 4), null), new SessionInput(2, new DateOnly(2025, 3, 5), null)]), Actor.System, default);
        var registrations = sp.GetRequiredService<RegistrationService>();
        for (var i = 1; i <= 5; i++)
        {
            var registered = await registrations.RegisterAsync(batch.Value!.Id, new RegistrationInput(Nik(i), $"Ahli Surabaya {i}", null, null, null, null, null,
                "AHLI_K3", "UMUM", null, "LURING", "LPK-SBY"), new Actor("setup", "setup", Roles.Staff, null), default);
            Assert.True(registered.Succeeded);
        }
        var staff = await TestUsers.CreateAsync(Fixture.Factory, Roles.Staff);
        using var http = Fixture.Factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", await TestUsers.TokenAsync(http, staff));
        var results = new StringBuilder("nik,nilai_pre_test,nilai_post_test\n");
        for (var i = 1; i <= 5; i++)
        {
            results.Append(Nik(i)).Append(",60,90\n");
        }
        using var scores = await http.PostAsync($"/api/v1/batches/{batch.Value!.Id}/results/import", new StringContent(results.ToString(), Encoding.UTF8, "text/csv"));
        scores.EnsureSuccessStatusCode();
        return (programme.Value.Id, batch.Value.Id, institution.Value!.Id);
    }

    private static byte[] Attendance(bool withErrors)
    {
        var sb = new StringBuilder("nik;sesi;status;waktu\r\n");
        for (var i = 1; i <= 5; i++)
        {
            sb.Append(Nik(i)).Append(";1;HADIR;04/03/2025 08:0").Append(i).Append("\r\n");
            var session = withErrors && i == 2 ? "3" : "2";                 // row 5: no session 3
            var status = withErrors && i == 3 ? "SAKIT" : "TERLAMBAT";      // row 7: unknown status
            var time = withErrors && i == 4 ? "kemarin" : "05/03/2025 08:30"; // row 9: unreadable time
            sb.Append(Nik(i)).Append(';').Append(session).Append(';').Append(status).Append(';').Append(time).Append("\r\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    [Fact]
    public async Task Institution_admin_fixes_a_file_from_its_error_report_and_the_directors_total_changes()
    {
        var (programmeId, _, institutionId) = await BatchAsync();
        var director = await TestUsers.CreateAsync(Fixture.Factory, Roles.Director);
        var admin = await TestUsers.CreateAsync(Fixture.Factory, Roles.InstitutionAdmin, institutionId);

        await SignInToAppAsync(director);
        await Page.GotoAsync($"/Dashboard?programmeId={programmeId}");
        await Assertions.Expect(Page.GetByTestId("total-upgraded")).ToContainTextAsync("0 orang");
        await Page.Context.ClearCookiesAsync();

        await SignInToAppAsync(admin);
        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Workspace$"));
        await Page.GetByRole(AriaRole.Link, new() { Name = "Unggah kehadiran" }).First.ClickAsync();
        await Page.GetByLabel("Berkas CSV atau XLSX").SetInputFilesAsync(new FilePayload { Name = "kehadiran.csv", MimeType = "text/csv", Buffer = Attendance(withErrors: true) });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Impor", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=import-errors] tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(Page.GetByText("Ada 3 baris bermasalah, jadi tidak ada yang disimpan")).ToBeVisibleAsync();

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Link, new() { Name = "Unduh laporan kesalahan (CSV)" }).ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".csv");
        await download.SaveAsAsync(path);
        var report = await File.ReadAllLinesAsync(path);
        File.Delete(path);
        Assert.Equal(4, report.Count(l => l.Length > 0)); // header and the three rejected rows
        Assert.Contains(report, l => l.Contains("SAKIT", StringComparison.Ordinal));
        Assert.Contains(report, l => l.Contains("kemarin", StringComparison.Ordinal));

        await Page.GetByLabel("Berkas CSV atau XLSX").SetInputFilesAsync(new FilePayload { Name = "kehadiran-benar.csv", MimeType = "text/csv", Buffer = Attendance(withErrors: false) });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Impor", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Impor kehadiran-benar.csv selesai" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-count=inserted]")).ToHaveTextAsync("10");
        await Assertions.Expect(Page.Locator("[data-count=rejected]")).ToHaveTextAsync("0");
        await Page.Context.ClearCookiesAsync();

        await SignInToAppAsync(director);
        await Page.GotoAsync($"/Dashboard?programmeId={programmeId}");
        await Assertions.Expect(Page.GetByTestId("total-upgraded")).ToContainTextAsync("5 orang");
    }
}
