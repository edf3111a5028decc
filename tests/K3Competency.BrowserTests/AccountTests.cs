using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.Playwright;
using OtpNet;

namespace K3Competency.BrowserTests;

public sealed class AccountTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    /// <summary>What the main menu offers each role; nothing more, nothing less.</summary>
    private static readonly Dictionary<string, string[]> MenuByRole = new()
    {
        [Roles.Admin] = ["Dasbor", "Kegiatan", "Angkatan", "Peserta", "Unggahan", "Lembaga", "Pengguna", "Keamanan", "Audit"],
        [Roles.Staff] = ["Dasbor", "Kegiatan", "Angkatan", "Peserta", "Unggahan", "Lembaga"],
        [Roles.InstitutionAdmin] = ["Angkatan", "Peserta", "Unggahan"],
        [Roles.Director] = ["Dasbor", "Peserta"],
    };

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.InstitutionAdmin)]
    [InlineData(Roles.Director)]
    public async Task Menu_shows_the_items_of_the_role_and_no_others(string role)
    {
        var user = await TestUsers.CreateAsync(Fixture.Factory, role);
        await SignInAsync(user);
        await Page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));

        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = $"Uji {role}" })).ToBeVisibleAsync();
        var items = await Page.Locator("nav [data-nav]").AllTextContentsAsync();
        Assert.Equal(MenuByRole[role], items.Select(i => i.Trim()).ToArray());
    }

    [Fact]
    public async Task User_enrols_an_authenticator_and_then_signs_in_with_a_code()
    {
        var user = await TestUsers.CreateAsync(Fixture.Factory, Roles.Staff);
        await SignInAsync(user);
        await Page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));

        await Page.GotoAsync("/Account/TwoFactor");
        await Assertions.Expect(Page.GetByRole(AriaRole.Img, new() { Name = "Kode QR untuk aplikasi autentikator" })).ToBeVisibleAsync();
        var key = (await Page.GetByTestId("shared-key").TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var totp = new Totp(Base32Encoding.ToBytes(key));
        await Page.GetByLabel("Kode dari aplikasi").FillAsync(totp.ComputeTotp());
        await Page.GetByRole(AriaRole.Button, new() { Name = "Aktifkan" }).ClickAsync();
        await Assertions.Expect(Page.GetByText("Verifikasi dua langkah aktif")).ToBeVisibleAsync();

        // Sign out, then in again: the password alone is no longer enough.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Uji Staff" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Keluar" }).ClickAsync();
        await SignInAsync(user);
        await Page.WaitForURLAsync(url => url.Contains("/Account/LoginWith2fa", StringComparison.Ordinal));
        await Page.GetByLabel("Kode autentikator").FillAsync(totp.ComputeTotp());
        await Page.GetByRole(AriaRole.Button, new() { Name = "Verifikasi" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Uji Staff" })).ToBeVisibleAsync();
    }
}
