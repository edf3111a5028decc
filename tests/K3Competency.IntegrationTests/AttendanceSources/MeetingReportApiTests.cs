using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.AttendanceSources;

/// <summary>The meeting-report import of DESIGN §10.2 over HTTP (§12): matching, aliases, scope, and the never-lower rule.</summary>
public sealed class MeetingReportApiTests(AppFixture fixture) : AttendanceTest(fixture)
{
    private static int Matched(JsonElement body, string rule) => body.GetProperty("matched").GetProperty(rule).GetInt32();

    [Fact]
    public async Task Each_matching_rule_matches_and_is_counted_and_an_unmatched_name_linked_by_alias_matches_the_same_report_again()
    {
        var budi = await PersonAsync("3578080102900001", "Budi Santoso", "budi.santoso@contoh.co.id");
        var siti = await PersonAsync("3578084502900002", "Siti Rahayu", null);
        var agus = await PersonAsync("3578080303900003", "Agus Salim", null);
        var dewi = await PersonAsync("3578084404900004", "Dewi Lestari", null);
        var report = Zoom(
            ("Host Binakel", "host@kemnaker.go.id", "07:45", "16:10"),
            ("Budi (Laptop)", "Budi.Santoso@contoh.co.id", "07:58", "16:00"),
            ("3578084502900002_Siti", "", "08:20", "16:00"),
            ("Ir. Agus Salim, S.T., M.Sc.", "", "08:00", "11:00"),
            ("Dewi L", "", "08:00", "16:00"));
        using var http = await TestUsers.BearerClientAsync(Factory, Roles.Staff);

        var (status, first) = await ReportAsync(http, report);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ZOOM", first.GetProperty("format").GetString());
        Assert.Equal(5, first.GetProperty("rows").GetInt32());
        Assert.Equal(5, first.GetProperty("persons").GetInt32());
        Assert.Equal((1, 1, 0, 1), (Matched(first, "email"), Matched(first, "nik"), Matched(first, "alias"), Matched(first, "name")));
        Assert.Equal(1, first.GetProperty("statuses").GetProperty("HADIR").GetInt32());
        Assert.Equal(1, first.GetProperty("statuses").GetProperty("TERLAMBAT").GetInt32());
        Assert.Equal(1, first.GetProperty("statuses").GetProperty("ALPA").GetInt32());
        Assert.Equal(3, first.GetProperty("inserted").GetInt32());
        Assert.True(first.GetProperty("committed").GetBoolean());
        Assert.True(first.GetProperty("uploadId").GetInt64() > 0);
        var unmatched = first.GetProperty("unmatched").EnumerateArray().ToList();
        Assert.Equal(["Dewi L", "Host Binakel"], unmatched.Select(u => u.GetProperty("displayName").GetString()).Order(StringComparer.Ordinal));
        var dewiRow = unmatched.Single(u => u.GetProperty("displayName").GetString() == "Dewi L");
        Assert.Equal(480, dewiRow.GetProperty("minutes").GetInt32());
        var candidate = Assert.Single(dewiRow.GetProperty("candidates").EnumerateArray());
        Assert.Equal(dewi, candidate.GetProperty("registrationId").GetInt64());
        Assert.Equal("Dewi Lestari", candidate.GetProperty("name").GetString());

        Assert.Equal("HADIR/DARING/MEETING_REPORT", await AttendanceAsync(budi));
        Assert.Equal("TERLAMBAT/DARING/MEETING_REPORT", await AttendanceAsync(siti));
        Assert.Equal("ALPA/DARING/MEETING_REPORT", await AttendanceAsync(agus));
        Assert.Null(await AttendanceAsync(dewi));

        var (linked, _) = await PostJsonAsync(http, $"/api/v1/batches/{Batch}/aliases", new { registrationId = dewi, displayName = "Dewi L" });
        Assert.Equal(HttpStatusCode.Created, linked);

        var (_, again) = await ReportAsync(http, report);
        Assert.Equal((1, 1, 1, 1), (Matched(again, "email"), Matched(again, "nik"), Matched(again, "alias"), Matched(again, "name")));
        Assert.Equal(1, again.GetProperty("inserted").GetInt32());
        Assert.Equal(3, again.GetProperty("unchanged").GetInt32());
        Assert.Equal("HADIR/DARING/MEETING_REPORT", await AttendanceAsync(dewi));
        Assert.Equal("Host Binakel", Assert.Single(again.GetProperty("unmatched").EnumerateArray()).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task A_dry_run_matches_and_counts_but_writes_nothing()
    {
        var budi = await PersonAsync("3578080102900001", "Budi Santoso", "budi@contoh.co.id");
        using var http = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        var (status, body) = await ReportAsync(http, Zoom(("Budi", "budi@contoh.co.id", "08:00", "16:00")), "?dryRun=true");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("inserted").GetInt32());
        Assert.False(body.GetProperty("committed").GetBoolean());
        Assert.Null(await AttendanceAsync(budi));
    }

    [Fact]
    public async Task Two_names_of_one_participant_are_merged_as_one_person()
    {
        // The laptop until 11:00 (e-mail), the phone from 10:30 with the NIK in its name: 08:00-16:00 together.
        var budi = await PersonAsync("3578080102900001", "Budi Santoso", "budi@contoh.co.id");
        using var http = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        var (status, body) = await ReportAsync(http, Zoom(
            ("Budi Santoso", "budi@contoh.co.id", "08:00", "11:00"),
            ("3578080102900001_Budi HP", "", "10:30", "16:00")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("inserted").GetInt32());
        Assert.Equal(1, body.GetProperty("statuses").GetProperty("HADIR").GetInt32());
        Assert.Equal("HADIR/DARING/MEETING_REPORT", await AttendanceAsync(budi));
    }

    [Fact]
    public async Task An_institution_admins_report_cannot_write_another_institutions_registrations()
    {
        var ani = await PersonAsync("3578080102900001", "Ani Alpha", "ani@contoh.co.id", LpkAId);
        var bambang = await PersonAsync("3578080202900002", "Bambang Beta", "bambang@contoh.co.id", LpkBId);
        await PersonAsync("3578080302900003", "Bambang Betari", null, LpkBId);
        var report = Zoom(("Ani", "ani@contoh.co.id", "08:00", "16:00"), ("Bambang", "bambang@contoh.co.id", "08:00", "16:00"),
            ("Bambang B", "", "08:00", "16:00"));
        using var adminOfA = await TestUsers.BearerClientAsync(Factory, Roles.InstitutionAdmin, LpkAId);

        var (strict, refused) = await ReportAsync(adminOfA, report);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, strict);
        Assert.Equal(1, refused.GetProperty("rejected").GetInt32());
        Assert.Contains("lembaga lain", refused.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Null(await AttendanceAsync(ani));
        Assert.Null(await AttendanceAsync(bambang));
        // The unmatched "Bambang B" is offered no candidate of institution B.
        Assert.Empty(refused.GetProperty("unmatched").EnumerateArray().Single(u => u.GetProperty("displayName").GetString() == "Bambang B")
            .GetProperty("candidates").EnumerateArray());

        var (partial, written) = await ReportAsync(adminOfA, report, "?partial=true");
        Assert.Equal(HttpStatusCode.OK, partial);
        Assert.Equal(1, written.GetProperty("inserted").GetInt32());
        Assert.Equal("HADIR/DARING/MEETING_REPORT", await AttendanceAsync(ani));
        Assert.Null(await AttendanceAsync(bambang));

        var (link, _) = await PostJsonAsync(adminOfA, $"/api/v1/batches/{Batch}/aliases", new { registrationId = bambang, displayName = "Bambang B" });
        Assert.Equal(HttpStatusCode.Forbidden, link);
    }

    [Fact]
    public async Task A_check_in_made_before_the_report_is_kept()
    {
        var budi = await PersonAsync("3578080102900001", "Budi Santoso", "budi@contoh.co.id");
        Factory.Clock.PinWib(Day, 8, 5);
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        var display = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{Batch}/sessions/1/check-in");
        using var phone = Factory.CreateClient();
        var (checkedIn, _) = await PostJsonAsync(phone, "/api/v1/check-in", new { token = display.GetProperty("token").GetString(), nik = "3578080102900001" });
        Assert.Equal(HttpStatusCode.OK, checkedIn);

        // Online only from 10:00: the report alone would say ALPA, and never lowers the check-in's HADIR.
        var (status, body) = await ReportAsync(staff, Zoom(("Budi", "budi@contoh.co.id", "10:00", "12:00")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("kept").GetInt32());
        Assert.Equal(0, body.GetProperty("inserted").GetInt32() + body.GetProperty("updated").GetInt32());
        Assert.Equal("HADIR/LURING/CHECK_IN", await AttendanceAsync(budi));
    }

    [Fact]
    public async Task The_programme_summary_counts_the_venue_check_in_and_the_online_report_at_once()
    {
        await PersonAsync("3578080102900001", "Budi Santoso", "budi@contoh.co.id");
        await PersonAsync("3578084502900002", "Siti Rahayu", "siti@contoh.co.id");
        await PersonAsync("3578080303900003", "Agus Salim", "agus@contoh.co.id");
        int programme;
        await using (var db = Database.CreateDbContext())
        {
            await db.Registrations.Where(r => r.BatchId == Batch).ExecuteUpdateAsync(u => u.SetProperty(r => r.Category, ParticipantCategory.AhliK3).SetProperty(r => r.ExpertiseField, "UMUM"));
            programme = await db.Batches.Where(b => b.Id == Batch).Select(b => b.ProgrammeId).SingleAsync();
        }
        Factory.Clock.PinWib(Day, 8, 5);
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        async Task<int> UpgradedAsync() =>
            (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/programs/{programme}/summary")).GetProperty("batches")[0].GetProperty("upgraded").GetInt32();
        Assert.Equal(0, await UpgradedAsync());

        var display = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{Batch}/sessions/1/check-in");
        using var phone = Factory.CreateClient();
        var (checkedIn, _) = await PostJsonAsync(phone, "/api/v1/check-in", new { token = display.GetProperty("token").GetString(), nik = "3578080102900001" });
        Assert.Equal(HttpStatusCode.OK, checkedIn);
        Assert.Equal(1, await UpgradedAsync());

        // Siti all day online, Agus online for an hour only (ALPA: not attended).
        var (status, _) = await ReportAsync(staff, Zoom(("Siti", "siti@contoh.co.id", "08:00", "16:00"), ("Agus", "agus@contoh.co.id", "08:00", "09:00")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, await UpgradedAsync());
    }

    [Fact]
    public async Task A_file_in_no_known_layout_is_refused_with_400_naming_the_supported_formats()
    {
        using var http = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        var (status, body) = await ReportAsync(http, Encoding.UTF8.GetBytes("nik,sesi,status\r\n3578080102900001,1,HADIR\r\n"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var detail = body.GetProperty("detail").GetString()!;
        Assert.Contains("Zoom", detail, StringComparison.Ordinal);
        Assert.Contains("Microsoft Teams", detail, StringComparison.Ordinal);
        Assert.Contains("Google Meet", detail, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("uploads"));
    }

    [Fact]
    public async Task An_unknown_session_is_404()
    {
        using var http = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        var (status, _) = await ReportAsync(http, Zoom(("Budi", "budi@contoh.co.id", "08:00", "16:00")), session: 9);
        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}
