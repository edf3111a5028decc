using System.Text;
using K3Competency.Application.Batches;
using K3Competency.Application.Identity;
using K3Competency.Application.Institutions;
using K3Competency.Application.Programmes;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace K3Competency.BrowserTests;

public sealed class RegistrationJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static byte[] File50(bool withErrors)
    {
        var sb = new StringBuilder("nik;nama;jenis_kelamin;provinsi;kategori;bidang_keahlian;lembaga\r\n");
        for (var i = 1; i <= 50; i++)
        {
            var nik = $"35780801029{i:00}001";
            var province = "Jawa Timur";
            if (withErrors && i == 9)
            {
                province = "Atlantis";           // spreadsheet row 10
            }
            if (withErrors && i == 29)
            {
                nik = "3578080102290000";        // spreadsheet row 30: serial 0000
            }
            sb.Append(CultureInvariant($"{nik};Peserta Uji {i};L;{province};AHLI_K3;UMUM;LPK-JATIM\r\n"));
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string CultureInvariant(FormattableString s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Staff_registers_one_person_then_previews_and_imports_a_50_row_file()
    {
        var batchId = await JatimBatchAsync();
        var staff = await TestUsers.CreateAsync(Fixture.Factory, Roles.Staff);
        await SignInToAppAsync(staff);

        // One person through the form: the NIK tells birth date, gender and province as it is typed.
        await Page.GotoAsync($"/Batches/Register/{batchId}");
        await Page.GetByLabel("NIK (16 digit)").FillAsync("3578080102030001");
        await Assertions.Expect(Page.Locator("[data-nik-hint]")).ToContainTextAsync("lahir 1 Februari 2003, laki-laki, Jawa Timur");
        await Page.GetByLabel("Nama lengkap").FillAsync("Budi Santoso");
        await Page.GetByLabel("Kategori").SelectOptionAsync("AHLI_K3");
        await Page.GetByLabel("Bidang keahlian (Ahli K3)").SelectOptionAsync("KONSTRUKSI");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Daftarkan", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByText("Budi Santoso terdaftar di angkatan ke-1")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Cell, new() { Name = "3578********0001" })).ToBeVisibleAsync();

        // A 50-row file with 2 bad rows: the preview lists exactly those two, at their spreadsheet rows.
        await Page.GotoAsync($"/Uploads/New?batchId={batchId}&kind=REGISTRATIONS");
        await Page.GetByLabel("Berkas CSV atau XLSX").SetInputFilesAsync(new FilePayload { Name = "peserta.csv", MimeType = "text/csv", Buffer = File50(withErrors: true) });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Pratinjau" }).ClickAsync();
        var errorRows = Page.Locator("[data-testid=import-errors] tbody tr");
        await Assertions.Expect(errorRows).ToHaveCountAsync(2);
        Assert.Equal("10", (await errorRows.Nth(0).Locator("td").First.TextContentAsync())?.Trim());
        Assert.Equal("30", (await errorRows.Nth(1).Locator("td").First.TextContentAsync())?.Trim());
        await Assertions.Expect(Page.Locator("[data-count=rejected]")).ToHaveTextAsync("2");

        // The corrected file: 50 imported.
        await Page.GetByLabel("Berkas CSV atau XLSX").SetInputFilesAsync(new FilePayload { Name = "peserta-benar.csv", MimeType = "text/csv", Buffer = File50(withErrors: false) });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Impor", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Impor peserta-benar.csv selesai" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-count=inserted]")).ToHaveTextAsync("50");
        await Assertions.Expect(Page.Locator("[data-count=rejected]")).ToHaveTextAsync("0");

        await Page.GotoAsync($"/Batches/Details/{batchId}");
        await Assertions.Expect(Page.GetByText("Peserta: 51")).ToBeVisibleAsync();
    }
}
