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

public sealed class CorrectionTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private async Task<int> BatchWithOneParticipantAsync()
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var suffix = Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();
        var institution = (await sp.GetRequiredService<InstitutionService>()
            .CreateAsync(new InstitutionInput("LPK-" + suffix, "LPK Uji", "LEMBAGA_PELATIHAN", "35"), Actor.System, default)).Value!;
        var programme = (await sp.GetRequiredService<ProgrammeService>()
            .CreateAsync(new ProgrammeInput("PKAK3-" + suffix, "Peningkatan Kompetensi Ahli K3 Uji", 2023), Actor.System, default)).Value!;
        var batch = (await sp.GetRequiredService<BatchService>().CreateAsync(programme.Id,
            new BatchInput(6, new DateOnly(2023, 11, 16), new DateOnly(2023, 11, 17), "HYBRID", "Jakarta", null, "RUNNING", [institution.Code],
                [new SessionInput(1, new DateOnly(2023, 11, 16), "Hari 1"), new SessionInput(2, new DateOnly(2023, 11, 17), "Hari 2")]), Actor.System, default)).Value!;
        await sp.GetRequiredService<RegistrationService>().RegisterAsync(batch.Id,
            new RegistrationInput("3578080102030001", "Ani Alpha", null, null, null, null, null, "AHLI_K3", "UMUM", null, "LURING", institution.Code), Actor.System, default);
        return batch.Id;
    }

    [Fact]
    public async Task Staff_corrects_attendance_and_score_from_the_batch_page_and_sees_the_participant_pass()
    {
        var batchId = await BatchWithOneParticipantAsync();
        var staff = await TestUsers.CreateAsync(Fixture.Factory, Roles.Staff);
        await SignInToAppAsync(staff);

        // Console errors are collected from the pages of this journey on (the CSP forbids inline script and style).
        var errors = new List<string>();
        Page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(Page.Url + " " + m.Text + " " + m.Location);
            }
        };
        await Page.GotoAsync($"/Batches/Details/{batchId}");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Koreksi kehadiran dan nilai Ani Alpha" }).ClickAsync();
        var completion = Page.GetByTestId("completion");
        await Assertions.Expect(completion).ToContainTextAsync("belum ada nilai post-test");

        // Both sessions chosen, then one button saves them together.
        foreach (var session in new[] { 1, 2 })
        {
            await Page.GetByLabel($"Status sesi {session}", new() { Exact = true }).SelectOptionAsync("HADIR");
        }
        await Page.GetByRole(AriaRole.Button, new() { Name = "Simpan kehadiran" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Kehadiran 2 sesi disimpan.");
        await Page.GetByLabel("Nilai post-test").FillAsync("87,5");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Simpan nilai" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Nilai disimpan. Status: Lulus, berkinerja tinggi.");
        await Assertions.Expect(completion).ToContainTextAsync("Lulus");
        await Assertions.Expect(completion).ToContainTextAsync("Berkinerja tinggi");
        await Assertions.Expect(Page.GetByLabel("Status sesi 2", new() { Exact = true })).ToHaveValueAsync("HADIR");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task A_session_another_user_changed_meanwhile_keeps_what_was_chosen_and_saves_on_the_second_press()
    {
        var batchId = await BatchWithOneParticipantAsync();
        await SignInToAppAsync(await TestUsers.CreateAsync(Fixture.Factory, Roles.Staff));
        await Page.GotoAsync($"/Batches/Details/{batchId}");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Koreksi kehadiran dan nilai Ani Alpha" }).ClickAsync();
        var registrationId = long.Parse(Page.Url.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

        // While the page is open, another user records session 2.
        using (var scope = Fixture.Factory.Services.CreateScope())
        {
            var other = new Actor("other-staff", "Staf Lain", Roles.Staff, null);
            var saved = await scope.ServiceProvider.GetRequiredService<CorrectionService>()
                .SetAttendanceAsync(registrationId, 2, "HADIR", null, null, null, other, default);
            Assert.True(saved.Succeeded, saved.Message);
        }
        await Page.GetByLabel("Status sesi 1", new() { Exact = true }).SelectOptionAsync("TERLAMBAT");
        await Page.GetByLabel("Status sesi 2", new() { Exact = true }).SelectOptionAsync("ALPA");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Simpan kehadiran" }).ClickAsync();

        await Assertions.Expect(Page.GetByTestId("attendance-notice")).ToContainTextAsync("Kehadiran 1 sesi disimpan; 1 sesi belum.");
        await Assertions.Expect(Page.GetByTestId("unsaved-2")).ToContainTextAsync("baru saja diubah oleh pengguna lain");
        await Assertions.Expect(Page.GetByTestId("unsaved-2")).ToContainTextAsync("Tersimpan sekarang: Hadir.");
        await Assertions.Expect(Page.GetByLabel("Status sesi 2", new() { Exact = true })).ToHaveValueAsync("ALPA");
        await Assertions.Expect(Page.GetByLabel("Status sesi 1", new() { Exact = true })).ToHaveValueAsync("TERLAMBAT");

        // Told what is stored now, the user saves the choice on purpose.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Simpan kehadiran" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Kehadiran 1 sesi disimpan.");
        await Assertions.Expect(Page.GetByLabel("Status sesi 2", new() { Exact = true })).ToHaveValueAsync("ALPA");
        await Assertions.Expect(Page.GetByLabel("Status sesi 1", new() { Exact = true })).ToHaveValueAsync("TERLAMBAT");
    }
}
