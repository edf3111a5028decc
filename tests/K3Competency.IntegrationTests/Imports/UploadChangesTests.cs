using System.Net;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Imports;

/// <summary>
/// From the upload history and the audit trail to the rows an import inserted and updated (/Uploads/Changes/{id}), each
/// leading to its registration, over HTTP; an institution admin sees its own uploads only.
/// </summary>
public sealed class UploadChangesTests(AppFixture fixture) : ImportTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TwoPartnersAsync();
    }

    private async Task<long> UploadAsync(HttpClient http, string kind, string csv) =>
        (await UploadOverApiAsync(http, kind, csv)).GetProperty("uploadId").GetInt64();

    [Fact]
    public async Task An_import_links_from_the_history_and_its_audit_entry_to_the_rows_it_changed_each_opening_its_registration()
    {
        var budi = await RegisterAsync(SharedBatch, Nik(1), LpkA, "Budi Lama");
        using var api = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        var upload = await UploadAsync(api, "registrations", Lines(
            RegistrationHeader,
            $"{Nik(1)},Budi Baru,,,,,,PENGAWAS,,,,LPK-A",
            $"{Nik(3)},Citra Baru,,,,,,PENGAWAS,,,,LPK-A"));
        await using var db = Database.CreateDbContext();
        var citra = await db.Registrations.Where(r => r.Participant!.Nik == Nik(3)).Select(r => r.Id).SingleAsync();
        var rowsPage = $"/Uploads/Changes/{upload}";

        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        Assert.Contains($"href=\"{rowsPage}\"", await staff.GetStringAsync("/Uploads"), StringComparison.Ordinal);
        using var admin = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Admin));
        Assert.Contains($"href=\"{rowsPage}\"", await admin.GetStringAsync("/Admin/Audit?Entity=Upload"), StringComparison.Ordinal);

        var html = WebUtility.HtmlDecode(await staff.GetStringAsync(rowsPage));
        // Budi: participant and registration updated (his name before the upload shown); Citra: both inserted.
        Assert.Contains("Data peserta: 1 baru, 1 diperbarui", html, StringComparison.Ordinal);
        Assert.Contains("Nama lengkap: Budi Lama", html, StringComparison.Ordinal);
        Assert.Contains("Citra Baru", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Registrations/Edit/{budi}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Registrations/Edit/{citra}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Nik(1), html, StringComparison.Ordinal);
        Assert.Contains(Domain.Rules.Nik.Mask(Nik(1)), html, StringComparison.Ordinal);

        // Undone, the inserted rows are gone and say so; the updated ones still open their registration.
        using (var undo = await api.PostAsync($"/api/v1/uploads/{upload}/undo", null))
        {
            Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        }
        var undone = WebUtility.HtmlDecode(await staff.GetStringAsync(rowsPage));
        Assert.Contains("Unggahan ini diurungkan", undone, StringComparison.Ordinal);
        Assert.Contains("sudah dihapus", undone, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Registrations/Edit/{budi}\"", undone, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/Registrations/Edit/{citra}\"", undone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_institution_admin_opens_the_rows_of_its_own_upload_and_is_refused_another_institutions()
    {
        await RegisterAsync(SharedBatch, Nik(1), LpkA, "Ani Alpha");
        await RegisterAsync(SharedBatch, Nik(2), LpkB, "Bambang Beta");
        using var apiA = await TestUsers.BearerClientAsync(Factory, Roles.InstitutionAdmin, LpkA);
        using var apiB = await TestUsers.BearerClientAsync(Factory, Roles.InstitutionAdmin, LpkB);
        var ofA = await UploadAsync(apiA, "results", Lines("nik,nilai_pre_test,nilai_post_test", $"{Nik(1)},60,80"));
        var ofB = await UploadAsync(apiB, "results", Lines("nik,nilai_pre_test,nilai_post_test", $"{Nik(2)},55,75"));
        await using var db = Database.CreateDbContext();
        var ani = await db.Participants.Where(p => p.Nik == Nik(1)).Select(p => p.Id).SingleAsync();

        using var adminA = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.InstitutionAdmin, LpkA));
        var own = WebUtility.HtmlDecode(await adminA.GetStringAsync($"/Uploads/Changes/{ofA}"));
        Assert.Contains("Ani Alpha", own, StringComparison.Ordinal);
        Assert.Contains("Pendaftaran / nilai", own, StringComparison.Ordinal);
        Assert.Contains("Nilai post-test: –", own, StringComparison.Ordinal);
        // The correction page is Staff's; an institution admin reads the registration on the participant's page.
        Assert.Contains($"href=\"/Participants/Details/{ani}\"", own, StringComparison.Ordinal);
        Assert.DoesNotContain("Bambang Beta", own, StringComparison.Ordinal);

        using var other = await adminA.Http.GetAsync($"/Uploads/Changes/{ofB}");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        using var missing = await adminA.Http.GetAsync($"/Uploads/Changes/{ofB + 1000}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
