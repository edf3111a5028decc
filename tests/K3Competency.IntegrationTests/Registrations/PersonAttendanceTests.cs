using System.Net;
using System.Text.RegularExpressions;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Registrations;

/// <summary>
/// The attendance of every session on the per-person correction page (/Registrations/Edit/{id}), saved with one button
/// over HTTP: untouched sessions are not written, a refused session keeps what the user typed, with its reason.
/// </summary>
public sealed class PersonAttendanceTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static string Page(long id) => $"/Registrations/Edit/{id}";

    /// <summary>One row of the attendance form per session: (number, status chosen, check-in sent, status and version the page showed).</summary>
    private static Dictionary<string, string> Form(params (int Session, string Status, string CheckIn, string Seen, string Version)[] rows)
    {
        var form = new Dictionary<string, string>();
        for (var i = 0; i < rows.Length; i++)
        {
            var (session, status, checkIn, seen, version) = rows[i];
            form[$"Attendance[{i}].SessionNumber"] = session.ToString(System.Globalization.CultureInfo.InvariantCulture);
            form[$"Attendance[{i}].Status"] = status;
            form[$"Attendance[{i}].CheckIn"] = checkIn;
            form[$"Attendance[{i}].Mode"] = "";
            form[$"Attendance[{i}].SeenStatus"] = seen;
            // A row the page had shown with a status showed the time now sent; a row the page had shown empty showed none.
            form[$"Attendance[{i}].SeenCheckIn"] = seen == "" ? "" : checkIn;
            form[$"Attendance[{i}].Version"] = version;
        }
        return form;
    }

    /// <summary>The block of one session's row in the page.</summary>
    private static string Row(string html, int session) =>
        Regex.Match(WebUtility.HtmlDecode(html), $"id=\"sesi-{session}\"[\\s\\S]*?(?=id=\"sesi-{session + 1}\"|Simpan kehadiran)").Value;

    private static string Selected(string row) => Regex.Match(row, "name=\"Attendance\\[\\d+\\].Status\">[\\s\\S]*?<option value=\"(\\w*)\" selected").Groups[1].Value;

    private static string Version(string row) => Regex.Match(row, "name=\"Attendance\\[\\d+\\].Version\" value=\"(\\d*)\"").Groups[1].Value;

    [Fact]
    public async Task One_button_saves_every_session_changed_and_leaves_the_untouched_ones_unwritten()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        var id = world.AniOfA.RegistrationId;
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var page = await staff.GetStringAsync(Page(id));
        Assert.Single(Regex.Matches(page, ">Simpan kehadiran</button>"));

        using var both = await staff.PostFormAsync(Page(id), Form((1, "HADIR", "2023-11-04T08:05", "", ""), (2, "TERLAMBAT", "", "", "")),
            Page(id) + "?handler=Attendance");
        Assert.Equal(HttpStatusCode.Redirect, both.StatusCode);
        var saved = WebUtility.HtmlDecode(await staff.GetStringAsync(both.Headers.Location!.ToString()));
        Assert.Contains("Kehadiran 2 sesi disimpan. Status: Belum lulus (belum ada nilai post-test).", saved, StringComparison.Ordinal);
        Assert.Equal("HADIR", Selected(Row(saved, 1)));
        Assert.Equal("TERLAMBAT", Selected(Row(saved, 2)));

        // Session 1 sent as the page showed it, session 2 changed: only session 2 is written.
        using var one = await staff.PostFormAsync(Page(id), Form((1, "HADIR", "2023-11-04T08:05", "HADIR", Version(Row(saved, 1))),
            (2, "IZIN", "", "TERLAMBAT", Version(Row(saved, 2)))), Page(id) + "?handler=Attendance");
        Assert.Equal(HttpStatusCode.Redirect, one.StatusCode);
        Assert.Contains("Kehadiran 1 sesi disimpan.", await staff.GetStringAsync(one.Headers.Location!.ToString()), StringComparison.Ordinal);

        await using var db = Database.CreateDbContext();
        var rows = await db.Attendances.Where(a => a.RegistrationId == id).Join(db.Sessions, a => a.SessionId, s => s.Id, (a, s) => new { s.Number, a.Status })
            .OrderBy(x => x.Number).ToListAsync();
        Assert.Equal([(1, AttendanceStatus.Hadir), (2, AttendanceStatus.Izin)], rows.Select(r => (r.Number, r.Status)));
        var entityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.EntityId == entityId && a.Action == "attendance.correct"));
    }

    [Fact]
    public async Task A_session_changed_meanwhile_is_refused_with_its_reason_keeps_the_choice_and_the_others_are_saved()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        var id = world.AniOfA.RegistrationId;
        using var first = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        using var second = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Admin));
        // Both open the page while nothing is recorded; the admin records session 2 first.
        await first.GetStringAsync(Page(id));
        using (var other = await second.PostFormAsync(Page(id), Form((2, "HADIR", "", "", "")), Page(id) + "?handler=Attendance"))
        {
            Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        }

        using var late = await first.PostFormAsync(Page(id), Form((1, "TERLAMBAT", "2023-11-04T09:10", "", ""), (2, "ALPA", "", "", "")),
            Page(id) + "?handler=Attendance");

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var html = WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync());
        Assert.Contains("Kehadiran 1 sesi disimpan; 1 sesi belum.", html, StringComparison.Ordinal);
        Assert.Contains("Sesi 2 belum disimpan: Kehadiran sesi 2 peserta ini baru saja diubah oleh pengguna lain; isinya sekarang: Hadir.", html,
            StringComparison.Ordinal);
        var row2 = Row(html, 2);
        Assert.Equal("ALPA", Selected(row2));
        Assert.Contains("Tersimpan sekarang: Hadir.", row2, StringComparison.Ordinal);
        var row1 = Row(html, 1);
        Assert.Equal("TERLAMBAT", Selected(row1));
        Assert.Contains("value=\"2023-11-04T09:10\"", row1, StringComparison.Ordinal);
        Assert.DoesNotContain("Belum disimpan", row1, StringComparison.Ordinal);

        await using var db = Database.CreateDbContext();
        var stored = await db.Attendances.Where(a => a.RegistrationId == id).Join(db.Sessions, a => a.SessionId, s => s.Id, (a, s) => new { s.Number, a.Status })
            .OrderBy(x => x.Number).ToListAsync();
        Assert.Equal([(1, AttendanceStatus.Terlambat), (2, AttendanceStatus.Hadir)], stored.Select(r => (r.Number, r.Status)));
    }

    [Fact]
    public async Task A_check_in_time_that_cannot_be_read_saves_nothing_and_shows_every_row_as_typed()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        var id = world.AniOfA.RegistrationId;
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));

        using var response = await staff.PostFormAsync(Page(id), Form((1, "HADIR", "besok pagi", "", ""), (2, "IZIN", "", "", "")),
            Page(id) + "?handler=Attendance");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Kehadiran belum disimpan. Isian Anda tetap di bawah", html, StringComparison.Ordinal);
        var row1 = Row(html, 1);
        Assert.Contains("Waktu hadir \"besok pagi\" tidak dapat dibaca; tulis tanggal dan jam WIB, misalnya 16/11/2023 08:05.", row1, StringComparison.Ordinal);
        Assert.Contains("value=\"besok pagi\"", row1, StringComparison.Ordinal);
        Assert.Equal("HADIR", Selected(row1));
        Assert.Equal("IZIN", Selected(Row(html, 2)));
        await using var db = Database.CreateDbContext();
        Assert.False(await db.Attendances.AnyAsync(a => a.RegistrationId == id));
    }
}
