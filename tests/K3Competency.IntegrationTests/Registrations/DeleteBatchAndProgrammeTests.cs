using System.Globalization;
using System.Net;
using K3Competency.Domain;
using K3Competency.IntegrationTests.Certificates;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Registrations;

/// <summary>
/// Issue 12: a batch without registrations, and a programme without batches, can be deleted from its page after a
/// confirmation step (no JavaScript); one that is not empty is refused saying how many it holds. Staff/Admin only, audited.
/// </summary>
public sealed class DeleteBatchAndProgrammeTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static string Html(string html) => WebUtility.HtmlDecode(html);

    [Fact]
    public async Task Staff_delete_an_empty_batch_after_confirming_and_its_sessions_go_with_it_in_the_audit()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(sessions: 3);
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));

        var details = Html(await staff.GetStringAsync($"/Batches/Details/{data.BatchId}"));
        Assert.Contains($"href=\"/Batches/Delete/{data.BatchId}\"", details, StringComparison.Ordinal);
        var confirm = Html(await staff.GetStringAsync($"/Batches/Delete/{data.BatchId}"));
        Assert.Contains("Yang ikut terhapus: 3 sesi", confirm, StringComparison.Ordinal);
        Assert.Contains("Ya, hapus angkatan ini", confirm, StringComparison.Ordinal);
        await using (var db = Database.CreateDbContext())
        {
            Assert.True(await db.Batches.AnyAsync(b => b.Id == data.BatchId)); // the GET deleted nothing
        }

        using var deleted = await staff.PostFormAsync($"/Batches/Delete/{data.BatchId}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal($"/Programmes/Details/{data.ProgrammeId}", deleted.Headers.Location!.ToString());
        Assert.Contains("Angkatan dihapus beserta sesinya.", Html(await staff.GetStringAsync(deleted.Headers.Location!.ToString())), StringComparison.Ordinal);

        await using var check = Database.CreateDbContext();
        Assert.False(await check.Batches.AnyAsync(b => b.Id == data.BatchId));
        Assert.False(await check.Sessions.AnyAsync(s => s.BatchId == data.BatchId));
        var audit = await check.AuditEntries.SingleAsync(e => e.Action == "batch.delete" && e.EntityId == data.BatchId.ToString(CultureInfo.InvariantCulture));
        Assert.Contains("\"sessions\": 3", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_whose_only_upload_was_undone_is_deleted_with_its_upload_history()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        using var api = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        const string csv = "nik,nama,email,no_hp,jenis_kelamin,provinsi,instansi,kategori,bidang_keahlian,nomor_lisensi,mode,lembaga\r\n" +
                           "3578084102900002,Siti Salah Angkatan,,,,,,PENGAWAS,,,,\r\n";
        using var imported = await api.PostAsync($"/api/v1/batches/{data.BatchId}/registrations/import?reason=Unggah%20keliru",
            new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var uploadId = System.Text.Json.JsonDocument.Parse(await imported.Content.ReadAsStringAsync()).RootElement.GetProperty("uploadId").GetInt64();
        using var undone = await api.PostAsync($"/api/v1/uploads/{uploadId}/undo", null);
        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));

        using var deleted = await staff.PostFormAsync($"/Batches/Delete/{data.BatchId}", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        await using var check = Database.CreateDbContext();
        Assert.False(await check.Batches.AnyAsync(b => b.Id == data.BatchId));
        Assert.False(await check.Uploads.AnyAsync(u => u.Id == uploadId));
        Assert.False(await check.UploadChanges.AnyAsync(c => c.UploadId == uploadId));
        var audit = await check.AuditEntries.SingleAsync(e => e.Action == "batch.delete" && e.EntityId == data.BatchId.ToString(CultureInfo.InvariantCulture));
        Assert.Contains("\"uploads\": 1", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_holding_registrations_is_refused_with_their_number_and_nothing_is_deleted()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        await data.RegisterAsync("Budi Santoso", present: 5, postTest: 80m);
        var cancelled = await data.RegisterAsync("Siti Aminah", present: 0, postTest: null);
        await using (var db = Database.CreateDbContext())
        {
            var r = await db.Registrations.SingleAsync(x => x.Id == cancelled);
            r.CancelledAt = DateTime.UtcNow;
            r.CancellationReason = "Salah daftar";
            await db.SaveChangesAsync();
        }
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        const string refusal = "Angkatan ini memuat 2 pendaftaran peserta, sehingga tidak dapat dihapus.";

        var details = Html(await staff.GetStringAsync($"/Batches/Details/{data.BatchId}"));
        Assert.DoesNotContain("Hapus angkatan", details, StringComparison.Ordinal);
        var confirm = Html(await staff.GetStringAsync($"/Batches/Delete/{data.BatchId}"));
        Assert.Contains(refusal, confirm, StringComparison.Ordinal);
        Assert.DoesNotContain("Ya, hapus angkatan ini", confirm, StringComparison.Ordinal);

        using var posted = await staff.PostFormAsync($"/Batches/Delete/{data.BatchId}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Conflict, posted.StatusCode);
        Assert.Contains(refusal, Html(await posted.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await using var check = Database.CreateDbContext();
        Assert.True(await check.Batches.AnyAsync(b => b.Id == data.BatchId));
        Assert.Equal(5, await check.Sessions.CountAsync(s => s.BatchId == data.BatchId));
        Assert.Equal(2, await check.Registrations.CountAsync(r => r.BatchId == data.BatchId));
    }

    [Fact]
    public async Task A_programme_with_a_batch_is_refused_naming_the_count_and_once_empty_is_deleted_after_confirming()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Admin));
        var url = $"/Programmes/Delete/{data.ProgrammeId}";

        Assert.Contains("Kegiatan ini memuat 1 angkatan, sehingga tidak dapat dihapus.", Html(await staff.GetStringAsync(url)), StringComparison.Ordinal);
        using (var refused = await staff.PostFormAsync(url, new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("Hapus angkatannya lebih dulu", Html(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        using (var batch = await staff.PostFormAsync($"/Batches/Delete/{data.BatchId}", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, batch.StatusCode);
        }
        var details = Html(await staff.GetStringAsync($"/Programmes/Details/{data.ProgrammeId}"));
        Assert.Contains($"href=\"{url}\"", details, StringComparison.Ordinal);
        Assert.Contains("Ya, hapus kegiatan ini", Html(await staff.GetStringAsync(url)), StringComparison.Ordinal);
        using var deleted = await staff.PostFormAsync(url, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Contains($"Kegiatan {data.ProgrammeCode} dihapus.", Html(await staff.GetStringAsync(deleted.Headers.Location!.ToString())), StringComparison.Ordinal);

        await using var check = Database.CreateDbContext();
        Assert.False(await check.Programmes.AnyAsync(p => p.Id == data.ProgrammeId));
        Assert.True(await check.AuditEntries.AnyAsync(e => e.Action == "programme.delete" && e.EntityId == data.ProgrammeId.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_director_cannot_delete_a_batch_or_a_programme()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        using var director = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Director));
        // The director's own token from a page it may open, posted to the delete pages.
        using var batch = await director.PostFormAsync("/Dashboard/Index", new Dictionary<string, string>(), $"/Batches/Delete/{data.BatchId}");
        using var programme = await director.PostFormAsync("/Dashboard/Index", new Dictionary<string, string>(), $"/Programmes/Delete/{data.ProgrammeId}");

        Assert.Equal(HttpStatusCode.Forbidden, batch.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, programme.StatusCode);
        await using var check = Database.CreateDbContext();
        Assert.True(await check.Batches.AnyAsync(b => b.Id == data.BatchId));
        Assert.True(await check.Programmes.AnyAsync(p => p.Id == data.ProgrammeId));
    }
}
