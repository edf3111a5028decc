using K3Competency.Application.Demo;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;

namespace K3Competency.BrowserTests;

/// <summary>The director's journey: sign in, land on the dashboard with the 2023 figures, take the workbook home.</summary>
public sealed class DashboardTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private async Task LoadDemoAsync()
    {
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<DemoDataLoader>().LoadIfEmptyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Director_lands_on_the_dashboard_and_downloads_the_same_figures_as_a_workbook()
    {
        await LoadDemoAsync();
        var director = await TestUsers.CreateAsync(Fixture.Factory, Roles.Director);

        await SignInAsync(director);
        await Page.WaitForURLAsync(url => url.EndsWith("/Dashboard", StringComparison.Ordinal));
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Dasbor Peningkatan Kompetensi Ahli K3");
        await Assertions.Expect(Page.GetByTestId("total-upgraded")).ToContainTextAsync("12.619");
        await Assertions.Expect(Page.GetByTestId("director-sentence")).ToContainTextAsync("ditambah angkatan ke-6 sebanyak 1.298 orang, total 12.619 orang.");
        var batch5 = Page.Locator("tr[data-batch='5']");
        await Assertions.Expect(batch5).ToContainTextAsync("11.321");
        await Assertions.Expect(batch5).ToContainTextAsync("7.436");

        var download = await Page.RunAndWaitForDownloadAsync(() =>
            Page.GetByRole(AriaRole.Link, new() { Name = "Unduh XLSX" }).ClickAsync());
        Assert.Equal("PKAK3-2023-ringkasan.xlsx", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"k3-dashboard-{Guid.NewGuid():N}.xlsx");
        try
        {
            await download.SaveAsAsync(path);
            var rows = MiniExcel.Query(path, useHeaderRow: true, sheetName: "Ringkasan").Cast<IDictionary<string, object?>>().ToList();
            var fifth = rows.Single(r => Equals(r["Angkatan"], 5d));
            var sixth = rows.Single(r => Equals(r["Angkatan"], 6d));
            Assert.Equal(11_321d, fifth["Kumulatif ditingkatkan (orang)"]);
            Assert.Equal(7_436d, fifth["Kumulatif berkinerja tinggi (orang)"]);
            Assert.Equal(1_298d, sixth["Ahli K3 ditingkatkan"]);
            Assert.Equal(2_025d, sixth["Peserta"]);
            Assert.Equal(12_619d, sixth["Kumulatif ditingkatkan (orang)"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Dashboard_draws_its_chart_without_console_or_CSP_errors()
    {
        await LoadDemoAsync();
        await SignInAsync(await TestUsers.CreateAsync(Fixture.Factory, Roles.Staff));
        await Page.WaitForURLAsync(url => url.EndsWith("/Dashboard", StringComparison.Ordinal));

        // Listen from a fresh load of the dashboard itself, so only its own page is judged.
        var errors = new List<string>();
        Page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };
        Page.PageError += (_, e) => errors.Add(e);
        await Page.ReloadAsync();
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(errors);
        // Chart.js ran: it sized the canvas and drew on it.
        var drawn = await Page.EvaluateAsync<bool>("""
            () => { const c = document.getElementById('batch-chart');
                    return c.width > 0 && c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v !== 0); }
            """);
        Assert.True(drawn);
        // The batch filter narrows the breakdowns by itself, without pressing the button.
        await Page.GetByLabel("Angkatan", new() { Exact = true }).SelectOptionAsync("6");
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Rincian angkatan ke-6" })).ToBeVisibleAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Dashboard_fits_a_phone_screen_without_the_page_scrolling_sideways()
    {
        await LoadDemoAsync();
        await Page.SetViewportSizeAsync(390, 844);
        await SignInAsync(await TestUsers.CreateAsync(Fixture.Factory, Roles.Director));
        await Page.WaitForURLAsync(url => url.EndsWith("/Dashboard", StringComparison.Ordinal));
        await Assertions.Expect(Page.GetByTestId("total-upgraded")).ToContainTextAsync("12.619");

        var pageWidth = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");

        Assert.True(pageWidth <= 390, $"the page is {pageWidth}px wide on a 390px screen");
    }
}
