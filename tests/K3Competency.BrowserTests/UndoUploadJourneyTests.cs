using System.Text;
using K3Competency.Application.Identity;
using K3Competency.Application.Imports;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace K3Competency.BrowserTests;

/// <summary>Issue 12: preview, then "Impor" the very file without choosing it again; then undo it from the history.</summary>
public sealed class UndoUploadJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string Header = "nik;nama;kategori;bidang_keahlian;lembaga\r\n";

    [Fact]
    public async Task Staff_previews_a_file_with_one_bad_row_imports_the_valid_rows_without_choosing_it_again_then_undoes_it()
    {
        var batchId = await JatimBatchAsync();
        var staff = await TestUsers.CreateAsync(Fixture.Factory, Roles.Staff);
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        await using (var first = new MemoryStream(Encoding.UTF8.GetBytes(Header + "3578080102900001;Budi Santoso;AHLI_K3;UMUM;LPK-JATIM\r\n")))
        {
            var seeded = await scope.ServiceProvider.GetRequiredService<ImportService>().ImportAsync(
                new ImportRequest(UploadKind.Registrations, batchId, "awal.csv", new Actor(staff.Id, staff.Email, Roles.Staff, null)), first);
            Assert.True(seeded.Value!.Committed, string.Join(" ", seeded.Value.Errors.Select(e => e.Message)));
        }
        await SignInToAppAsync(staff);
        await Page.GotoAsync($"/Batches/Details/{batchId}");
        await Assertions.Expect(Page.GetByText("Peserta: 1")).ToBeVisibleAsync();

        // Budi renamed, two new people, and one NIK with serial 0000 (spreadsheet row 4).
        var file = Encoding.UTF8.GetBytes(Header +
            "3578080102900001;Budi Santoso Wibowo;AHLI_K3;UMUM;LPK-JATIM\r\n" +
            "3578080102900002;Agus Salim;AHLI_K3;UMUM;LPK-JATIM\r\n" +
            "3578080102900000;Baris Salah;AHLI_K3;UMUM;LPK-JATIM\r\n" +
            "3578084502900003;Siti Rahayu;PENGAWAS;;\r\n");
        await Page.GotoAsync($"/Uploads/New?batchId={batchId}&kind=REGISTRATIONS");
        await Page.GetByLabel("Berkas CSV atau XLSX").SetInputFilesAsync(new FilePayload { Name = "peserta.csv", MimeType = "text/csv", Buffer = file });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Pratinjau" }).ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=import-errors] tbody tr")).ToHaveCountAsync(1);
        // Strict preview: the valid rows are still counted.
        await Assertions.Expect(Page.Locator("[data-count=inserted]")).ToHaveTextAsync("2");
        await Assertions.Expect(Page.Locator("[data-count=updated]")).ToHaveTextAsync("1");
        await Assertions.Expect(Page.Locator("[data-count=rejected]")).ToHaveTextAsync("1");

        var kept = Page.Locator("[data-testid=commit-previewed]");
        await kept.GetByLabel("Simpan baris yang benar saja (parsial)").CheckAsync();
        await kept.GetByRole(AriaRole.Button, new() { Name = "Impor berkas ini" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Impor peserta.csv selesai" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-count=inserted]")).ToHaveTextAsync("2");
        await Assertions.Expect(Page.Locator("[data-count=updated]")).ToHaveTextAsync("1");

        await Page.GotoAsync($"/Batches/Details/{batchId}");
        await Assertions.Expect(Page.GetByText("Peserta: 3")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Budi Santoso Wibowo", Exact = true })).ToBeVisibleAsync();

        await Page.GotoAsync("/Uploads");
        var row = Page.Locator("tbody tr", new() { HasText = "peserta.csv" });
        await row.GetByRole(AriaRole.Link, new() { Name = "Urungkan" }).ClickAsync();
        await Assertions.Expect(Page.GetByText("menghapus 2 baris yang ditambahkannya")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Ya, urungkan unggahan" }).ClickAsync();
        await Assertions.Expect(Page.GetByText("diurungkan: 4 baris dihapus, 1 baris dikembalikan")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("tbody tr", new() { HasText = "peserta.csv" }).GetByText("Diurungkan")).ToBeVisibleAsync();

        await Page.GotoAsync($"/Batches/Details/{batchId}");
        await Assertions.Expect(Page.GetByText("Peserta: 1")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Budi Santoso", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Agus Salim", Exact = true })).ToHaveCountAsync(0);
    }
}
