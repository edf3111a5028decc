using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Registrations;

/// <summary>Hand corrections of attendance and scores on /Registrations/Edit/{id}: Staff and Admin only, versioned, audited.</summary>
public sealed partial class CorrectionTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static string Html(string html) => WebUtility.HtmlDecode(html);

    private static string Page(long registrationId) => $"/Registrations/Edit/{registrationId}";

    private static Dictionary<string, string> Scores(string pre, string post, string version) => new()
    {
        ["Scores.PreTest"] = pre, ["Scores.PostTest"] = post, ["Scores.Version"] = version,
    };

    /// <summary>The attendance form with one session's row: what is chosen, and what the page had shown for it (seen).</summary>
    private static Dictionary<string, string> Attendance(int session, string status, string version = "", string checkIn = "", string mode = "",
        string seen = "") => new()
        {
            ["Attendance[0].SessionNumber"] = session.ToString(CultureInfo.InvariantCulture),
            ["Attendance[0].Status"] = status, ["Attendance[0].CheckIn"] = checkIn, ["Attendance[0].Mode"] = mode, ["Attendance[0].Version"] = version,
            ["Attendance[0].SeenStatus"] = seen,
        };

    private static string ScoresVersion(string html) => ScoresVersionInput().Match(html).Groups[1].Value;

    /// <summary>The version hidden in the form of one session's row; empty when the session has no attendance yet.</summary>
    private static string SessionVersion(string html, int session) =>
        Regex.Match(html, $"id=\"sesi-{session}\"[\\s\\S]*?name=\"Attendance\\[\\d+\\].Version\" value=\"(\\d*)\"").Groups[1].Value;

    private async Task<string> PostAndFollowAsync(FormClient client, string url, Dictionary<string, string> fields, string handler)
    {
        using var response = await client.PostFormAsync(url, fields, $"{url}?handler={handler}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Html(await client.GetStringAsync(response.Headers.Location!.ToString()));
    }

    [Fact]
    public async Task Staff_corrects_a_score_by_hand_and_the_registration_shows_the_new_completion()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        var id = world.AniOfA.RegistrationId;
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));

        var before = Html(await staff.GetStringAsync(Page(id)));
        Assert.Contains("Belum lulus", before, StringComparison.Ordinal);
        Assert.Contains("belum ada nilai post-test", before, StringComparison.Ordinal);

        await PostAndFollowAsync(staff, Page(id), Attendance(1, "HADIR"), "Attendance");
        var attended = await PostAndFollowAsync(staff, Page(id), Attendance(2, "TERLAMBAT"), "Attendance");
        Assert.Contains("Kehadiran 1 sesi disimpan. Status: Belum lulus (belum ada nilai post-test).", attended, StringComparison.Ordinal);

        var saved = await PostAndFollowAsync(staff, Page(id), Scores("60", "87,5", ScoresVersion(attended)), "Scores");
        Assert.Contains("Nilai disimpan. Status: Lulus, berkinerja tinggi.", saved, StringComparison.Ordinal);
        Assert.Contains("value=\"87,5\"", saved, StringComparison.Ordinal);

        var batch = Html(await staff.GetStringAsync($"/Batches/Details/{world.SharedBatch}"));
        var row = Regex.Match(batch, "Ani Alpha[\\s\\S]*?</tr>").Value;
        Assert.Contains("2/2 (100%)", row, StringComparison.Ordinal);
        Assert.Contains("87,5", row, StringComparison.Ordinal);
        Assert.Contains("Lulus", row, StringComparison.Ordinal);
        Assert.Contains("Berkinerja tinggi", row, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Registrations/Edit/{id}\"", row, StringComparison.Ordinal);

        // Lowered below the passing score, the reason says why.
        var lowered = await PostAndFollowAsync(staff, Page(id), Scores("60", "65", ScoresVersion(saved)), "Scores");
        Assert.Contains("Status: Belum lulus (nilai post-test 65 < 70)", lowered, StringComparison.Ordinal);
        await using var db = Database.CreateDbContext();
        var registration = await db.Registrations.SingleAsync(r => r.Id == id);
        Assert.Equal(60m, registration.PreTestScore);
        Assert.Equal(65m, registration.PostTestScore);
    }

    [Fact]
    public async Task Score_outside_the_rules_is_refused_beside_its_field_and_nothing_is_saved()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        var id = world.AniOfA.RegistrationId;
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var version = ScoresVersion(await staff.GetStringAsync(Page(id)));

        using var response = await staff.PostFormAsync(Page(id), Scores("87,55", "101", version), $"{Page(id)}?handler=Scores");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = Html(await response.Content.ReadAsStringAsync());
        Assert.Contains("lebih dari satu angka desimal", html, StringComparison.Ordinal);
        Assert.Contains("di luar rentang 0-100", html, StringComparison.Ordinal);
        Assert.Contains("value=\"101\"", html, StringComparison.Ordinal);

        await using var db = Database.CreateDbContext();
        var registration = await db.Registrations.SingleAsync(r => r.Id == id);
        Assert.Null(registration.PreTestScore);
        Assert.Null(registration.PostTestScore);
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == "registration.scores"));
    }

    [Fact]
    public async Task Score_correction_over_a_stale_version_is_refused_and_shows_the_current_values()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        var id = world.AniOfA.RegistrationId;
        using var first = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        using var second = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Admin));
        var seenByFirst = ScoresVersion(await first.GetStringAsync(Page(id)));
        var seenBySecond = ScoresVersion(await second.GetStringAsync(Page(id)));

        await PostAndFollowAsync(first, Page(id), Scores("55", "80", seenByFirst), "Scores");
        using var late = await second.PostFormAsync(Page(id), Scores("50", "60,5", seenBySecond), $"{Page(id)}?handler=Scores");

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var html = Html(await late.Content.ReadAsStringAsync());
        Assert.Contains("baru saja diubah oleh pengguna lain", html, StringComparison.Ordinal);
        Assert.Contains("Nilai terbaru: pre-test 55, post-test 80.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"80\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"60,5\"", html, StringComparison.Ordinal);

        // Saved again from the refreshed form, it goes through.
        var retried = await PostAndFollowAsync(second, Page(id), Scores("50", "60,5", ScoresVersion(html)), "Scores");
        Assert.Contains("value=\"60,5\"", retried, StringComparison.Ordinal);
        await using var db = Database.CreateDbContext();
        Assert.Equal(60.5m, (await db.Registrations.SingleAsync(r => r.Id == id)).PostTestScore);
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "registration.scores"));
    }

    [Fact]
    public async Task Attendance_correction_over_a_stale_version_is_refused_keeps_the_choice_and_shows_the_current_status()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        var id = world.AniOfA.RegistrationId;
        using var first = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        using var second = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        // Both open the page while session 1 has no attendance yet.
        var seen = SessionVersion(await second.GetStringAsync(Page(id)), 1);
        Assert.Equal("", seen);

        await PostAndFollowAsync(first, Page(id), Attendance(1, "HADIR"), "Attendance");
        using var late = await second.PostFormAsync(Page(id), Attendance(1, "ALPA", seen), $"{Page(id)}?handler=Attendance");

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var html = Html(await late.Content.ReadAsStringAsync());
        Assert.Contains("Kehadiran sesi 1 peserta ini baru saja diubah oleh pengguna lain; isinya sekarang: Hadir.", html, StringComparison.Ordinal);
        // The choice stays in the field, with what is stored now beside it; the row now knows the current version.
        Assert.Matches("id=\"status-1\"[^>]*>[\\s\\S]*?<option value=\"ALPA\" selected", html);
        Assert.Contains("Tersimpan sekarang: Hadir.", html, StringComparison.Ordinal);
        Assert.NotEqual("", SessionVersion(html, 1));
        await using (var db = Database.CreateDbContext())
        {
            Assert.Equal(AttendanceStatus.Hadir, (await db.Attendances.SingleAsync(a => a.RegistrationId == id)).Status);
        }

        // Saved again as it now stands, the choice is written on purpose.
        await PostAndFollowAsync(second, Page(id), Attendance(1, "ALPA", SessionVersion(html, 1), seen: "HADIR"), "Attendance");
        await using (var db = Database.CreateDbContext())
        {
            Assert.Equal(AttendanceStatus.Alpa, (await db.Attendances.SingleAsync(a => a.RegistrationId == id)).Status);
        }
    }

    [Fact]
    public async Task Attendance_correction_is_audited_with_before_and_after_and_shown_in_WIB()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        var id = world.AniOfA.RegistrationId;
        var staffUser = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var staff = await TestUsers.SignedInClientAsync(Factory, staffUser);

        var added = await PostAndFollowAsync(staff, Page(id), Attendance(1, "HADIR", checkIn: "2023-11-04T08:05", mode: "LURING"), "Attendance");
        Assert.Contains("value=\"2023-11-04T08:05\"", added, StringComparison.Ordinal);
        var changed = await PostAndFollowAsync(staff, Page(id), Attendance(1, "TERLAMBAT", SessionVersion(added, 1), "04/11/2023 09:10", "DARING", seen: "HADIR"), "Attendance");
        Assert.Contains("value=\"2023-11-04T09:10\"", changed, StringComparison.Ordinal);
        await PostAndFollowAsync(staff, Page(id), Attendance(1, "", SessionVersion(changed, 1), seen: "TERLAMBAT"), "Attendance");

        await using var db = Database.CreateDbContext();
        Assert.False(await db.Attendances.AnyAsync(a => a.RegistrationId == id));
        var entityId = id.ToString(CultureInfo.InvariantCulture);
        var entries = await db.AuditEntries.Where(a => a.EntityType == "Registration" && a.EntityId == entityId)
            .Where(a => a.Action.StartsWith("attendance.")).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(new[] { "attendance.correct", "attendance.correct", "attendance.remove" }, entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(staffUser.Id, e.UserId));

        Assert.Null(entries[0].Before);
        using (var after = JsonDocument.Parse(entries[0].After!))
        {
            Assert.Equal(1, after.RootElement.GetProperty("session").GetInt32());
            Assert.Equal("HADIR", after.RootElement.GetProperty("status").GetString());
            // 08:05 WIB is 01:05 UTC.
            Assert.Equal(new DateTime(2023, 11, 4, 1, 5, 0, DateTimeKind.Utc), after.RootElement.GetProperty("checkInAt").GetDateTime().ToUniversalTime());
            Assert.Equal("LURING", after.RootElement.GetProperty("mode").GetString());
        }
        using (var before = JsonDocument.Parse(entries[1].Before!))
        using (var after = JsonDocument.Parse(entries[1].After!))
        {
            Assert.Equal("HADIR", before.RootElement.GetProperty("status").GetString());
            Assert.Equal("TERLAMBAT", after.RootElement.GetProperty("status").GetString());
            Assert.Equal("DARING", after.RootElement.GetProperty("mode").GetString());
        }
        Assert.Contains("TERLAMBAT", entries[2].Before, StringComparison.Ordinal);
        Assert.Null(entries[2].After);
        Assert.All(entries, e => Assert.DoesNotContain("3578080102030001", e.Before + e.After, StringComparison.Ordinal));

        // An administrator reading the audit trail sees the change.
        using var admin = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Admin));
        var trail = Html(await admin.GetStringAsync("/Admin/Audit?Entity=Registration"));
        Assert.Contains("attendance.correct", trail, StringComparison.Ordinal);
        // Stored as jsonb, which PostgreSQL prints with a space after each colon.
        Assert.Matches("\"status\":\\s*\"TERLAMBAT\"", trail);
    }

    [Fact]
    public async Task Only_staff_and_admin_may_open_or_post_the_correction_page()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        var id = world.AniOfA.RegistrationId;
        using var adminA = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.InstitutionAdmin, world.InstitutionA));
        using var director = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Director));

        foreach (var client in new[] { adminA, director })
        {
            using var get = await client.Http.GetAsync(Page(id));
            Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
            // A valid antiforgery token from a page the user may open (the logout form), posted to the corrections.
            using var post = await client.PostFormAsync("/Participants", Scores("90", "95", "0"), $"{Page(id)}?handler=Scores");
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }
        await using var db = Database.CreateDbContext();
        Assert.Null((await db.Registrations.SingleAsync(r => r.Id == id)).PostTestScore);

        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        using var unknown = await staff.Http.GetAsync(Page(999_999_999));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [GeneratedRegex("name=\"Scores.Version\" value=\"(\\d+)\"")]
    private static partial Regex ScoresVersionInput();
}
