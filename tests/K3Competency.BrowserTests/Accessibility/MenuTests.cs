using K3Competency.Domain;
using Microsoft.Playwright;

namespace K3Competency.BrowserTests.Accessibility;

/// <summary>A screen reader hears where the user is: the menu marks the current page, and its section on the pages below it.</summary>
public sealed class MenuTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task The_menu_marks_the_page_shown_and_the_section_of_a_page_below_it()
    {
        var world = await AccessibilityWorld.BuildAsync(Fixture);
        await SignInToAppAsync(world.Users[Roles.Staff]);
        var menu = Page.GetByRole(AriaRole.Navigation, new() { Name = "Navigasi utama" });

        await Page.GotoAsync("/Programmes");
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Kegiatan" })).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(menu.Locator("[aria-current]")).ToHaveCountAsync(1);

        await Page.GotoAsync($"/Programmes/Details/{world.ProgrammeId}");
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Kegiatan" })).ToHaveAttributeAsync("aria-current", "true");

        await Page.GotoAsync("/Dashboard");
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Dasbor" })).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Kegiatan" })).Not.ToHaveAttributeAsync("aria-current", "page");
    }

    [Fact]
    public async Task A_table_wider_than_a_phone_can_be_reached_and_scrolled_by_keyboard()
    {
        var world = await AccessibilityWorld.BuildAsync(Fixture);
        await SignInToAppAsync(world.Users[Roles.Staff]);
        await Page.SetViewportSizeAsync(390, 844);
        await Page.GotoAsync($"/Batches/Details/{world.BatchId}");

        var region = Page.GetByRole(AriaRole.Region, new() { Name = "Peserta angkatan" });
        await region.FocusAsync();
        await Assertions.Expect(region).ToBeFocusedAsync();
        Assert.True(await region.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth"), "The table should be wider than the phone.");
        await Page.Keyboard.PressAsync("ArrowRight");
        await Page.Keyboard.PressAsync("ArrowRight");
        // Keyboard scrolling is smooth: wait for it rather than read at once.
        await Page.WaitForFunctionAsync("() => document.querySelector('[role=region][aria-label=\"Peserta angkatan\"]').scrollLeft > 0",
            null, new() { Timeout = 5000 });
    }
}
