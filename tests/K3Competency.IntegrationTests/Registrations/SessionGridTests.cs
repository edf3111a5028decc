using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Registrations;

/// <summary>The attendance of one session at once on /Attendance/Session/{batchId}/{number}: save all, stale rows, scope.</summary>
public sealed partial class SessionGridTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static string Grid(int batchId, int number = 1) => $"/Attendance/Session/{batchId}/{number}";

    private static string Html(string html) => WebUtility.HtmlDecode(html);

    /// <summary>The form as the page rendered it, each row's status replaced where <paramref name="statuses"/> says.</summary>
    internal static Dictionary<string, string> Form(string html, IReadOnlyDictionary<long, string> statuses)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match m in HiddenOrSelect().Matches(html))
        {
            fields[m.Groups["name"].Value] = m.Groups["value"].Value;
        }
        foreach (var key in fields.Keys.Where(k => k.EndsWith(".RegistrationId", StringComparison.Ordinal)).ToList())
        {
            var id = long.Parse(fields[key], CultureInfo.InvariantCulture);
            var status = key.Replace(".RegistrationId", ".Status", StringComparison.Ordinal);
            fields[status] = statuses.TryGetValue(id, out var s) ? s : Selected(html, id);
        }
        return fields;
    }

    private static string Selected(string html, long registrationId) =>
        Regex.Match(html, $"id=\"status-{registrationId}\"[\\s\\S]*?<option value=\"([A-Z]*)\" selected").Groups[1].Value;

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>Rows\\[\\d+\\]\\.\\w+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenOrSelect();

    [Fact]
    public async Task Staff_marks_everyone_present_changes_one_and_saves_the_session_with_one_button()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var page = Html(await staff.GetStringAsync(Grid(world.SharedBatch)));
        Assert.Contains("Ani Alpha", page, StringComparison.Ordinal);
        Assert.Contains("Bambang Beta", page, StringComparison.Ordinal);

        // "Tandai semua hadir" fills the form only: every row Hadir, nothing stored yet.
        using var marked = await staff.PostFormAsync(Grid(world.SharedBatch), Form(page, new Dictionary<long, string>()), Grid(world.SharedBatch) + "?handler=AllPresent");
        var markedHtml = Html(await marked.Content.ReadAsStringAsync());
        Assert.Contains("Semua peserta ditandai Hadir, belum disimpan.", markedHtml, StringComparison.Ordinal);
        Assert.Equal("HADIR", Selected(markedHtml, world.AniOfA.RegistrationId));
        Assert.Equal("HADIR", Selected(markedHtml, world.BambangOfB.RegistrationId));
        await using (var db = Database.CreateDbContext())
        {
            Assert.False(await db.Attendances.AnyAsync(a => a.RegistrationId == world.AniOfA.RegistrationId));
        }

        using var saved = await staff.PostFormAsync(Grid(world.SharedBatch),
            Form(markedHtml, new Dictionary<long, string> { [world.BambangOfB.RegistrationId] = "IZIN" }), Grid(world.SharedBatch));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = Html(await staff.GetStringAsync(saved.Headers.Location!.ToString()));
        Assert.Contains("Kehadiran 2 peserta disimpan.", after, StringComparison.Ordinal);
        Assert.Equal("HADIR", Selected(after, world.AniOfA.RegistrationId));
        Assert.Equal("IZIN", Selected(after, world.BambangOfB.RegistrationId));

        await using var check = Database.CreateDbContext();
        var rows = await check.Attendances.Where(a => a.Session!.BatchId == world.SharedBatch).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, a => Assert.Equal(AttendanceSource.Correction, a.Source)); // meeting reports never lower a hand correction
        Assert.Equal(2, await check.AuditEntries.CountAsync(e => e.Action == "attendance.correct"
            && (e.EntityId == world.AniOfA.RegistrationId.ToString(CultureInfo.InvariantCulture)
                || e.EntityId == world.BambangOfB.RegistrationId.ToString(CultureInfo.InvariantCulture))));

        // Saving the same grid again changes nothing and writes nothing.
        using var again = await staff.PostFormAsync(Grid(world.SharedBatch), Form(after, new Dictionary<long, string>()), Grid(world.SharedBatch));
        Assert.Contains("Tidak ada perubahan kehadiran.", Html(await staff.GetStringAsync(again.Headers.Location!.ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_changed_meanwhile_is_reported_with_its_current_value_and_the_other_rows_are_saved()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        using var first = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        using var second = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Admin));
        var seenByFirst = Html(await first.GetStringAsync(Grid(world.SharedBatch)));

        // Someone else records Ani as excused after the first user opened the grid.
        var seenBySecond = Html(await second.GetStringAsync(Grid(world.SharedBatch)));
        using var meanwhile = await second.PostFormAsync(Grid(world.SharedBatch),
            Form(seenBySecond, new Dictionary<long, string> { [world.AniOfA.RegistrationId] = "IZIN" }), Grid(world.SharedBatch));
        Assert.Equal(HttpStatusCode.Redirect, meanwhile.StatusCode);

        using var late = await first.PostFormAsync(Grid(world.SharedBatch), Form(seenByFirst, new Dictionary<long, string>
        {
            [world.AniOfA.RegistrationId] = "HADIR", [world.BambangOfB.RegistrationId] = "TERLAMBAT",
        }), Grid(world.SharedBatch));

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var html = Html(await late.Content.ReadAsStringAsync());
        Assert.Contains("Kehadiran 1 peserta disimpan; 1 baris belum disimpan", html, StringComparison.Ordinal);
        var problem = Regex.Match(html, "data-testid=\"row-problem\">([\\s\\S]*?)</div>").Groups[1].Value;
        Assert.Contains("baru saja diubah oleh pengguna lain; isinya sekarang: Izin.", problem, StringComparison.Ordinal);
        Assert.Contains("Pilihan Anda (Hadir) belum disimpan.", problem, StringComparison.Ordinal);
        Assert.Equal("IZIN", Selected(html, world.AniOfA.RegistrationId)); // the current value, with the current version to save over
        Assert.Equal("TERLAMBAT", Selected(html, world.BambangOfB.RegistrationId));

        await using var db = Database.CreateDbContext();
        var statuses = await db.Attendances.Where(a => a.Session!.BatchId == world.SharedBatch && a.Session.Number == 1)
            .ToDictionaryAsync(a => a.RegistrationId, a => a.Status);
        Assert.Equal(AttendanceStatus.Izin, statuses[world.AniOfA.RegistrationId]);
        Assert.Equal(AttendanceStatus.Terlambat, statuses[world.BambangOfB.RegistrationId]);

        // Saved again from the refreshed grid, the user's choice goes through.
        using var retry = await first.PostFormAsync(Grid(world.SharedBatch),
            Form(html, new Dictionary<long, string> { [world.AniOfA.RegistrationId] = "HADIR" }), Grid(world.SharedBatch));
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
    }

    [Fact]
    public async Task Institution_admin_grid_holds_only_its_own_registrations_and_cannot_write_another_institutions()
    {
        var world = await TwoInstitutions.CreateAsync(Factory);
        using var adminA = await TestUsers.SignedInClientAsync(Factory,
            await TestUsers.CreateAsync(Factory, Roles.InstitutionAdmin, world.InstitutionA));

        var page = Html(await adminA.GetStringAsync(Grid(world.SharedBatch)));
        Assert.Contains("Ani Alpha", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Bambang Beta", page, StringComparison.Ordinal);

        var form = Form(page, new Dictionary<long, string> { [world.AniOfA.RegistrationId] = "HADIR" });
        form["Rows[1].RegistrationId"] = world.BambangOfB.RegistrationId.ToString(CultureInfo.InvariantCulture);
        form["Rows[1].Status"] = "ALPA";
        form["Rows[1].SeenStatus"] = "";
        form["Rows[1].SeenVersion"] = "";
        using var forged = await adminA.PostFormAsync(Grid(world.SharedBatch), form, Grid(world.SharedBatch));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        await using (var db = Database.CreateDbContext())
        {
            Assert.False(await db.Attendances.AnyAsync(a => a.RegistrationId == world.BambangOfB.RegistrationId));
        }

        using var own = await adminA.PostFormAsync(Grid(world.SharedBatch),
            Form(page, new Dictionary<long, string> { [world.AniOfA.RegistrationId] = "HADIR" }), Grid(world.SharedBatch));
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);

        using var other = await adminA.Http.GetAsync(Grid(world.OnlyB));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }
}
