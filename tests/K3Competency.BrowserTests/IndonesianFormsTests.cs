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

/// <summary>
/// Issue 12, "Indonesian everywhere": every form, sent empty, answers in Bahasa Indonesia; no English framework default
/// ("The X field is required.", "The value '' is invalid.") reaches the page.
/// </summary>
public sealed class IndonesianFormsTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly string[] English = ["field is required", "is invalid", "The "];

    private sealed record World(int ProgrammeId, int BatchId, long RegistrationId, long ParticipantId, int InstitutionId);

    private async Task<World> WorldAsync()
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
                [new SessionInput(1, new DateOnly(2023, 11, 16), "Hari 1")]), Actor.System, default)).Value!;
        var registered = (await sp.GetRequiredService<RegistrationService>().RegisterAsync(batch.Id,
            new RegistrationInput("3578080102030001", "Ani Alpha", null, null, null, null, null, "AHLI_K3", "UMUM", null, "LURING", institution.Code),
            Actor.System, default)).Value!;
        return new World(programme.Id, batch.Id, registered.RegistrationId, registered.ParticipantId, institution.Id);
    }

    /// <summary>
    /// Each form of the page in turn, on a fresh load: every field emptied, the browser's own checks off (so the server
    /// answers), sent; then the visible text is scanned.
    /// </summary>
    private async Task<List<string>> EmptyFormsAsync(string url)
    {
        var found = new List<string>();
        await Page.GotoAsync(url);
        var count = await Page.Locator("main form[method=post]").CountAsync();
        for (var i = 0; i < count; i++)
        {
            await Page.GotoAsync(url);
            var form = Page.Locator("main form[method=post]").Nth(i);
            await form.EvaluateAsync("f => { f.noValidate = true; }");
            var fields = form.Locator("input[type=text], input[type=email], input[type=number], input[type=password], input[type=date], " +
                                      "input[type=datetime-local], input[type=tel], input:not([type]), textarea");
            for (var f = 0; f < await fields.CountAsync(); f++)
            {
                if (await fields.Nth(f).IsEditableAsync())
                {
                    await fields.Nth(f).FillAsync("");
                }
            }
            var submit = form.Locator("button[type=submit], button:not([type])").First;
            if (await submit.CountAsync() == 0)
            {
                continue;
            }
            await submit.ClickAsync();
            await Page.WaitForLoadStateAsync(LoadState.Load);
            var text = await Page.Locator("body").InnerTextAsync();
            found.AddRange(English.Where(e => text.Contains(e, StringComparison.Ordinal)).Select(e => $"{url} form {i + 1}: \"{e}\" in the page"));
        }
        return found;
    }

    [Fact]
    public async Task Every_form_sent_empty_answers_in_indonesian()
    {
        var world = await WorldAsync();
        var found = new List<string>();
        found.AddRange(await EmptyFormsAsync("/Account/Login"));
        found.AddRange(await EmptyFormsAsync("/verifikasi"));

        await SignInToAppAsync(await TestUsers.CreateAsync(Fixture.Factory, Roles.Admin));
        foreach (var url in new[]
        {
            "/Account/ChangePassword",
            "/Account/TwoFactor",
            "/Admin/Users/Create",
            "/Institutions/Edit",
            $"/Institutions/Edit/{world.InstitutionId}",
            "/Programmes/Edit",
            $"/Programmes/Edit/{world.ProgrammeId}",
            $"/Batches/Edit?programmeId={world.ProgrammeId}",
            $"/Batches/Edit/{world.BatchId}",
            $"/Batches/Register/{world.BatchId}",
            $"/Registrations/Edit/{world.RegistrationId}",
            $"/Participants/Edit/{world.ParticipantId}",
            $"/Uploads/New?batchId={world.BatchId}&kind=ATTENDANCE",
            $"/Uploads/New?batchId={world.BatchId}&kind=REGISTRATIONS",
            $"/Certificates/Batch/{world.BatchId}",
        })
        {
            found.AddRange(await EmptyFormsAsync(url));
        }
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }
}
