using Microsoft.Playwright;

namespace K3Competency.BrowserTests.Accessibility;

/// <summary>The API reference for people (/dokumentasi-api): the served document, shown by the vendored viewer, from this site only.</summary>
public sealed class ApiReferenceTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task The_API_reference_shows_the_served_operations_with_nothing_from_another_site_and_no_CSP_error()
    {
        var elsewhere = new List<string>();
        var errors = new List<string>();
        Page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(Fixture.BaseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(r.Url);
            }
        };
        Page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };

        await Page.GotoAsync("/");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Dokumentasi API" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "K3Competency API" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#operations-Auth-login")).ToContainTextAsync("/api/v1/auth/login");
        await Assertions.Expect(Page.Locator("#operations-Imports-importRegistrations")).ToContainTextAsync("/api/v1/batches/{id}/registrations/import");
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(elsewhere);
        Assert.Empty(errors);
    }
}
