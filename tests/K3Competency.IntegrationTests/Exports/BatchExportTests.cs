using System.IO.Compression;
using System.Net;
using System.Text;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.IntegrationTests.Registrations;
using K3Competency.Testing;
using MiniExcelLibs;

namespace K3Competency.IntegrationTests.Exports;

/// <summary>
/// GET /api/v1/batches/{id}/export/{list} over HTTP, the files opened again with MiniExcel as a spreadsheet would:
/// whole NIKs as text for Staff, masked for a Director, and an institution admin's file holds only its own rows.
/// </summary>
public sealed class BatchExportTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private const string AniNik = "3578080102030001";
    private const string BambangNik = "3273080102030002";
    private static readonly string[] Lists = ["participants", "attendance", "results", "certificates"];

    private static async Task<List<IDictionary<string, object?>>> SheetAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var stream = new MemoryStream(bytes);
        return [.. MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object?>>()];
    }

    private static async Task<List<IDictionary<string, object?>>> SheetAsync(HttpClient client, int batchId, string list)
    {
        using var response = await client.GetAsync($"/api/v1/batches/{batchId}/export/{list}?format=xlsx");
        return await SheetAsync(response);
    }

    /// <summary>Two institutions; both shared-batch registrations get a certificate, so every list has rows of both.</summary>
    private async Task<TwoInstitutions> WorldAsync()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        await using var db = Database.CreateDbContext();
        var sequence = 0;
        foreach (var r in new[] { world.AniOfA, world.BambangOfB })
        {
            var registration = await db.Registrations.FindAsync(r.RegistrationId);
            var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
            db.Certificates.Add(new Certificate
            {
                RegistrationId = r.RegistrationId, BatchId = registration!.BatchId, Sequence = ++sequence, Number = $"T-{suffix}",
                VerificationCode = suffix + "ABCD", IssuedAt = DateTime.UtcNow, IssuedBy = "staff-1",
            });
        }
        await db.SaveChangesAsync();
        return world;
    }

    [Fact]
    public async Task Staff_gets_every_list_of_a_batch_with_the_NIK_whole_and_stored_as_text()
    {
        var world = await WorldAsync();
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);

        foreach (var list in Lists)
        {
            var rows = await SheetAsync(staff, world.SharedBatch, list);
            Assert.True(rows.Count > 0, list);
            // A string cell, all 16 digits: Excel shows it as typed and never rounds it to 15 significant digits.
            Assert.All(rows, r => Assert.IsType<string>(r["nik"]));
            Assert.Contains(rows, r => (string)r["nik"]! == AniNik);
            Assert.Contains(rows, r => (string)r["nik"]! == BambangNik);
        }

        using var participants = await staff.GetAsync($"/api/v1/batches/{world.SharedBatch}/export/participants");
        var bytes = await participants.Content.ReadAsByteArrayAsync();
        Assert.Contains("attachment", participants.Content.Headers.ContentDisposition?.ToString() ?? "", StringComparison.Ordinal);
        Assert.EndsWith(".xlsx", participants.Content.Headers.ContentDisposition?.FileNameStar ?? participants.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        // The NIK column carries the Text number format ("@"), so a NIK typed into it later stays text as well.
        using var zip = new ZipArchive(new MemoryStream(bytes));
        using var styles = new StreamReader(zip.GetEntry("xl/styles.xml")!.Open());
        Assert.Contains("formatCode=\"@\"", await styles.ReadToEndAsync(), StringComparison.Ordinal);

        Assert.Equal(4, (await SheetAsync(staff, world.SharedBatch, "attendance")).Count); // two registrations × two sessions, with or without a record
    }

    [Fact]
    public async Task Director_gets_the_lists_with_every_NIK_masked()
    {
        var world = await WorldAsync();
        using var director = await TestUsers.BearerClientAsync(Factory, Roles.Director);

        foreach (var list in Lists)
        {
            var rows = await SheetAsync(director, world.SharedBatch, list);
            Assert.Contains(rows, r => (string)r["nik"]! == "3578********0001");
            Assert.DoesNotContain(rows, r => (string)r["nik"]! is AniNik or BambangNik);

            using var csv = await director.GetAsync($"/api/v1/batches/{world.SharedBatch}/export/{list}?format=csv");
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            var text = await csv.Content.ReadAsStringAsync();
            Assert.Contains("3273********0002", text, StringComparison.Ordinal);
            Assert.DoesNotContain(AniNik, text, StringComparison.Ordinal);
            Assert.DoesNotContain(BambangNik, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Institution_admin_export_holds_only_its_own_institutions_rows()
    {
        var world = await WorldAsync();
        using var adminA = await TestUsers.BearerClientAsync(Factory, Roles.InstitutionAdmin, world.InstitutionA);

        foreach (var list in Lists)
        {
            using var response = await adminA.GetAsync($"/api/v1/batches/{world.SharedBatch}/export/{list}");
            var rows = await SheetAsync(response);
            Assert.NotEmpty(rows);
            Assert.All(rows, r => Assert.Equal("Ani Alpha", r["nama"]));
            Assert.All(rows, r => Assert.Equal("3578********0001", r["nik"]));

            using var csv = await adminA.GetAsync($"/api/v1/batches/{world.SharedBatch}/export/{list}?format=csv");
            var text = await csv.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Bambang", text, StringComparison.Ordinal);
        }

        using var other = await adminA.GetAsync($"/api/v1/batches/{world.OnlyB}/export/participants");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.DoesNotContain("Citra", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CSV_export_opens_in_Indonesian_Excel_and_bad_requests_say_what_to_fix()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);

        using var csv = await staff.GetAsync($"/api/v1/batches/{world.SharedBatch}/export/participants?format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("nik;nama;", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.StartsWith(AniNik + ";Ani Alpha;", StringComparison.Ordinal));

        using var format = await staff.GetAsync($"/api/v1/batches/{world.SharedBatch}/export/participants?format=pdf");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, format.StatusCode);
        Assert.Contains("xlsx atau csv", await format.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var list = await staff.GetAsync($"/api/v1/batches/{world.SharedBatch}/export/peserta");
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Contains("participants, attendance, results atau certificates", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var batch = await staff.GetAsync("/api/v1/batches/999999/export/participants");
        Assert.Equal(HttpStatusCode.NotFound, batch.StatusCode);
    }
}
