using System.Net;
using System.Text.RegularExpressions;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.IntegrationTests.Registrations;
using K3Competency.Testing;
using MiniExcelLibs;

namespace K3Competency.IntegrationTests.Access;

/// <summary>/Admin/Audit as an administrator reads it: Indonesian names, who and in which role, links, field lists, filters, export.</summary>
public sealed class AuditTrailTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static string Html(string html) => WebUtility.HtmlDecode(html);

    private static string Rows(string html) => Regex.Match(html, "<tbody>([\\s\\S]*?)</tbody>").Groups[1].Value;

    /// <summary>A staff member corrects Ani's session 1 on the grid, so the trail holds a correction by a known user.</summary>
    private async Task<(TwoInstitutions World, TestUser Staff)> CorrectedAsync()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        var staff = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var client = await TestUsers.SignedInClientAsync(Factory, staff);
        var url = $"/Attendance/Session/{world.SharedBatch}/1";
        var page = await client.GetStringAsync(url);
        var fields = SessionGridTests.Form(page, new Dictionary<long, string> { [world.AniOfA.RegistrationId] = "TERLAMBAT" });
        using var saved = await client.PostFormAsync(url, fields, url);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        return (world, staff);
    }

    [Fact]
    public async Task Admin_reads_who_did_what_in_Indonesian_with_a_link_and_the_changed_fields_filtered_by_actor_and_action()
    {
        var (world, staff) = await CorrectedAsync();
        using var admin = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Admin));

        var html = Html(await admin.GetStringAsync($"/Admin/Audit?actor={Uri.EscapeDataString(staff.Email)}&action=attendance.correct"));
        var rows = Rows(html);
        Assert.Single(Regex.Matches(rows, "<tr>"));
        Assert.Contains("Mengoreksi kehadiran", rows, StringComparison.Ordinal);
        Assert.Contains("Uji Staff", rows, StringComparison.Ordinal);
        Assert.Contains("Staf Direktorat", rows, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Registrations/Edit/{world.AniOfA.RegistrationId}\"", rows, StringComparison.Ordinal);
        Assert.Matches("Status</dt>\\s*<dd[^>]*>TERLAMBAT", rows);
        Assert.Matches("Sesi</dt>\\s*<dd[^>]*>1<", rows);
        // The filter's choices are named in Indonesian too.
        Assert.Contains("<option value=\"attendance.correct\" selected=\"selected\">Mengoreksi kehadiran</option>", html, StringComparison.Ordinal);

        // Another action of the same user is not in this list, and another user's correction is not in the user's.
        var other = Html(await admin.GetStringAsync($"/Admin/Audit?actor={Uri.EscapeDataString(staff.Email)}&action=registration.scores"));
        Assert.Contains("Belum ada catatan audit yang cocok.", other, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Date_range_in_WIB_keeps_the_days_asked_for_and_a_reversed_range_says_what_to_fix()
    {
        var marker = "arsip-" + Guid.NewGuid().ToString("N")[..8] + "@uji.k3.local";
        await using (var db = Database.CreateDbContext())
        {
            // 16 November 2023 23:30 WIB is still the 16th in Jakarta although it is 16:30 UTC.
            db.AuditEntries.Add(new AuditEntry
            {
                At = new DateTime(2023, 11, 16, 16, 30, 0, DateTimeKind.Utc), UserId = "arsip", UserName = marker, Action = "programme.update",
                EntityType = "Programme", EntityId = "1", Before = "{\"name\": \"Lama\"}", After = "{\"name\": \"Baru\"}",
            });
            db.AuditEntries.Add(new AuditEntry
            {
                At = new DateTime(2023, 11, 16, 17, 30, 0, DateTimeKind.Utc), UserId = "arsip", UserName = marker, Action = "programme.create",
                EntityType = "Programme", EntityId = "2", After = "{\"name\": \"Esok\"}",
            });
            await db.SaveChangesAsync();
        }
        using var admin = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Admin));

        var day = Rows(Html(await admin.GetStringAsync($"/Admin/Audit?actor={marker}&From=2023-11-16&To=2023-11-16")));
        Assert.Contains("Mengubah kegiatan", day, StringComparison.Ordinal);
        Assert.Contains("16/11/2023 23.30 WIB", day, StringComparison.Ordinal);
        Assert.Matches("Nama</dt>\\s*<dd[^>]*>\\s*<span>Lama → <strong>Baru</strong>", day);
        Assert.DoesNotContain("Membuat kegiatan", day, StringComparison.Ordinal);

        var next = Rows(Html(await admin.GetStringAsync($"/Admin/Audit?actor={marker}&From=17/11/2023")));
        Assert.Contains("Membuat kegiatan", next, StringComparison.Ordinal);
        Assert.DoesNotContain("Mengubah kegiatan", next, StringComparison.Ordinal);

        var reversed = Html(await admin.GetStringAsync($"/Admin/Audit?actor={marker}&From=2023-11-17&To=2023-11-16"));
        Assert.Contains("Tanggal akhir tidak boleh sebelum tanggal awal.", reversed, StringComparison.Ordinal);
        var unreadable = Html(await admin.GetStringAsync($"/Admin/Audit?actor={marker}&From=kemarin"));
        Assert.Contains("Tanggal \"kemarin\" tidak dapat dibaca", unreadable, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filtered_trail_downloads_as_XLSX_with_the_same_readable_columns()
    {
        var (_, staff) = await CorrectedAsync();
        using var admin = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Admin));

        using var response = await admin.Http.GetAsync($"/Admin/Audit?handler=Export&format=xlsx&action=attendance.correct&actor={Uri.EscapeDataString(staff.Email)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var xlsx = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var row = Assert.Single(rows);
        Assert.Equal("Mengoreksi kehadiran", row["tindakan"]);
        Assert.Equal("Uji Staff", row["pengguna"]);
        Assert.Equal("Staf Direktorat", row["peran"]);
        Assert.Contains("Status: – → TERLAMBAT", (string)row["perubahan"]!, StringComparison.Ordinal);

        using var staffClient = await TestUsers.SignedInClientAsync(Factory, staff);
        using var refused = await staffClient.Http.GetAsync("/Admin/Audit?handler=Export&format=csv");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
