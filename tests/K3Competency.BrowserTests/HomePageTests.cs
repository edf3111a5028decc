using Microsoft.Playwright;

namespace K3Competency.BrowserTests;

public sealed class HomePageTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Home_page_shows_the_programme_heading()
    {
        var response = await Page.GotoAsync("/");
        Assert.Equal(200, response!.Status);
        var heading = Page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        Assert.Equal("Peningkatan Kompetensi Ahli K3", (await heading.TextContentAsync())?.Trim());
        Assert.Equal("id", await Page.Locator("html").GetAttributeAsync("lang"));
    }

    [Fact]
    public async Task Page_runs_without_console_or_CSP_errors()
    {
        var errors = new List<string>();
        Page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };
        await Page.GotoAsync("/");
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Empty(errors);
    }
}
