using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Imports;

/// <summary>Issue 12: capacity holds on imports, and a finished batch is closed to institution admins.</summary>
public sealed class BatchLimitsTests(AppFixture fixture) : ImportTest(fixture)
{
    private async Task SetBatchAsync(int batchId, int? capacity = null, BatchStatus? status = null)
    {
        await using var db = Database.CreateDbContext();
        var batch = await db.Batches.SingleAsync(b => b.Id == batchId);
        batch.Capacity = capacity ?? batch.Capacity;
        batch.Status = status ?? batch.Status;
        await db.SaveChangesAsync();
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostCsvAsync(HttpClient http, string url, string csv)
    {
        using var response = await http.PostAsync(url, new StringContent(csv, Encoding.UTF8, "text/csv"));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task A_registration_import_beyond_the_capacity_is_refused_with_the_numbers_until_staff_raises_the_capacity()
    {
        await TwoPartnersAsync();
        await SetBatchAsync(SharedBatch, capacity: 2);
        await RegisterAsync(SharedBatch, Nik(1), LpkA, "Sudah Terdaftar");
        var csv = Lines(RegistrationHeader,
            $"{Nik(2)},Budi Santoso,,,L,35,,PENGAWAS,,,LURING,LPK-A",
            $"{Nik(3)},Dewi Lestari,,,,35,,PENGAWAS,,,LURING,LPK-A",
            $"{Nik(1)},Sudah Terdaftar,,,,35,,PENGAWAS,,,LURING,LPK-A");
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        var url = $"/api/v1/batches/{SharedBatch}/registrations/import";

        var (status, body) = await PostCsvAsync(staff, url, csv);

        Assert.Equal(HttpStatusCode.Conflict, status);
        var detail = body.GetProperty("detail").GetString()!;
        Assert.Contains("Kapasitas angkatan ini 2 peserta; sudah terdaftar 1, dan berkas ini menambah 2 peserta baru (menjadi 3)", detail, StringComparison.Ordinal);
        await using (var db = Database.CreateDbContext())
        {
            Assert.Equal(1, await db.Registrations.CountAsync(r => r.BatchId == SharedBatch));
        }

        await SetBatchAsync(SharedBatch, capacity: 3);
        var (accepted, report) = await PostCsvAsync(staff, url, csv);
        Assert.Equal(HttpStatusCode.OK, accepted);
        Assert.Equal(2, report.GetProperty("inserted").GetInt32());
    }

    [Fact]
    public async Task An_institution_admins_upload_into_a_finished_batch_gets_403_with_an_indonesian_reason()
    {
        await TwoPartnersAsync();
        await RegisterAsync(SharedBatch, Nik(1), LpkA, "Peserta A");
        await SetBatchAsync(SharedBatch, status: BatchStatus.Finished);
        using var adminA = await TestUsers.BearerClientAsync(Factory, Roles.InstitutionAdmin, LpkA);
        var csv = Lines("nik,sesi,status", $"{Nik(1)},1,HADIR");

        var (status, body) = await PostCsvAsync(adminA, $"/api/v1/batches/{SharedBatch}/attendance/import", csv);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("Angkatan ini sudah selesai, sehingga admin lembaga tidak dapat lagi mengunggah", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var results = await PostCsvAsync(adminA, $"/api/v1/batches/{SharedBatch}/results/import", Lines("nik,nilai_post_test", $"{Nik(1)},80"));
        Assert.Equal(HttpStatusCode.Forbidden, results.Status);
        await using var db = Database.CreateDbContext();
        Assert.False(await db.Attendances.AnyAsync(a => a.BatchId == SharedBatch));
    }

    [Fact]
    public async Task The_batch_page_tells_an_institution_admin_that_a_finished_batch_is_closed_instead_of_offering_uploads()
    {
        await TwoPartnersAsync();
        await RegisterAsync(SharedBatch, Nik(1), LpkA, "Peserta A");
        var adminA = await TestUsers.CreateAsync(Factory, Roles.InstitutionAdmin, LpkA);
        using var page = await TestUsers.SignedInClientAsync(Factory, adminA);
        Assert.Contains("Unggah kehadiran", await page.GetStringAsync($"/Batches/Details/{SharedBatch}"), StringComparison.Ordinal);

        await SetBatchAsync(SharedBatch, status: BatchStatus.Finished);
        var html = await page.GetStringAsync($"/Batches/Details/{SharedBatch}");

        Assert.Contains("Angkatan ini sudah selesai, sehingga admin lembaga tidak dapat lagi mengunggah", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Unggah kehadiran", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Isi kehadiran", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_corrects_a_finished_batch_only_with_a_reason_and_the_reason_is_audited()
    {
        await TwoPartnersAsync();
        await RegisterAsync(SharedBatch, Nik(1), LpkA, "Peserta A");
        await SetBatchAsync(SharedBatch, status: BatchStatus.Finished);
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        var csv = Lines("nik,sesi,status", $"{Nik(1)},1,HADIR");
        var url = $"/api/v1/batches/{SharedBatch}/attendance/import";

        var (refused, problem) = await PostCsvAsync(staff, url, csv);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused);
        Assert.Contains("Angkatan ini sudah selesai; koreksi tetap dapat disimpan dengan menuliskan alasannya", problem.GetRawText(), StringComparison.Ordinal);

        var (status, report) = await PostCsvAsync(staff, url + "?reason=Daftar%20hadir%20susulan", csv);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, report.GetProperty("inserted").GetInt32());
        await using var db = Database.CreateDbContext();
        var audit = await db.AuditEntries.Where(a => a.Action == "import").Select(a => a.After).SingleAsync();
        Assert.Contains("Daftar hadir susulan", audit, StringComparison.Ordinal);
    }
}
