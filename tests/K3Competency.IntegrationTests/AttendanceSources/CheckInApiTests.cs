using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.IntegrationTests.Reporting;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.AttendanceSources;

/// <summary>The venue check-in of DESIGN §10.3 over HTTP (§12), with the app's clock pinned on the session's day.</summary>
public sealed class CheckInApiTests(AppFixture fixture) : AttendanceTest(fixture)
{
    private const string BudiNik = "3578080102900001";

    private async Task<(HttpClient Staff, long Budi)> ArrangeAsync(int hour, int minute)
    {
        var budi = await PersonAsync(BudiNik, "Budi Santoso Wibowo", "budi@contoh.co.id");
        Factory.Clock.PinWib(Day, hour, minute);
        return (await TestUsers.BearerClientAsync(Factory, Roles.Staff), budi);
    }

    private async Task<JsonElement> DisplayAsync(HttpClient staff) =>
        await staff.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{Batch}/sessions/1/check-in");

    private async Task<(HttpStatusCode Status, JsonElement Body)> CheckInAsync(string token, string nik)
    {
        using var phone = Factory.CreateClient();
        return await PostJsonAsync(phone, "/api/v1/check-in", new { token, nik });
    }

    [Fact]
    public async Task A_fresh_token_checks_in_HADIR_with_the_masked_name_and_the_display_counts_it()
    {
        var (staff, budi) = await ArrangeAsync(8, 5);
        using var _ = staff;
        var display = await DisplayAsync(staff);
        Assert.Equal(0, display.GetProperty("checkedIn").GetInt32());
        Assert.Equal(1, display.GetProperty("registered").GetInt32());
        var token = display.GetProperty("token").GetString()!;
        Assert.EndsWith($"/presensi/{token}", display.GetProperty("url").GetString(), StringComparison.Ordinal);

        var (status, body) = await CheckInAsync(token, BudiNik);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("HADIR", body.GetProperty("status").GetString());
        Assert.Equal("Budi S***** W*****", body.GetProperty("name").GetString());
        Assert.True(body.GetProperty("first").GetBoolean());
        Assert.Equal(new DateTimeOffset(Day.ToDateTime(new TimeOnly(8, 5)), TimeSpan.FromHours(7)), body.GetProperty("checkedInAt").GetDateTimeOffset());
        Assert.Equal("HADIR/LURING/CHECK_IN", await AttendanceAsync(budi));
        Assert.Equal(1, (await DisplayAsync(staff)).GetProperty("checkedIn").GetInt32());
    }

    [Fact]
    public async Task A_token_of_the_window_before_still_works_and_one_two_windows_old_is_410()
    {
        var (staff, budi) = await ArrangeAsync(8, 5);
        using var _ = staff;
        var token = (await DisplayAsync(staff)).GetProperty("token").GetString()!;

        Factory.Clock.Advance(TimeSpan.FromSeconds(60));
        var (gone, problem) = await CheckInAsync(token, BudiNik);
        Assert.Equal(HttpStatusCode.Gone, gone);
        Assert.Contains("kedaluwarsa", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await AttendanceAsync(budi));

        var fresh = (await DisplayAsync(staff)).GetProperty("token").GetString()!;
        Factory.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await CheckInAsync(fresh, BudiNik)).Status);
    }

    [Fact]
    public async Task A_self_registration_waiting_for_verification_cannot_check_in_and_writes_nothing()
    {
        var (staff, budi) = await ArrangeAsync(8, 5);
        using var _ = staff;
        await using (var db = Database.CreateDbContext())
        {
            await db.Registrations.Where(r => r.Id == budi)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RegistrationStatus.Menunggu).SetProperty(r => r.Source, RegistrationSource.Self));
        }
        var token = (await DisplayAsync(staff)).GetProperty("token").GetString()!;

        var (status, problem) = await CheckInAsync(token, BudiNik);

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("belum diterima panitia", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await AttendanceAsync(budi));
        Assert.Equal(0, await CountAsync("check_in_events"));
    }

    [Fact]
    public async Task A_NIK_not_in_the_batch_is_404_and_writes_nothing()
    {
        var (staff, _) = await ArrangeAsync(8, 5);
        using var __ = staff;
        var token = (await DisplayAsync(staff)).GetProperty("token").GetString()!;
        var (status, problem) = await CheckInAsync(token, "3578080505900005");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("tidak terdaftar", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("attendances"));
        Assert.Equal(0, await CountAsync("check_in_events"));
    }

    [Fact]
    public async Task A_second_check_in_answers_first_false_with_the_first_time_and_changes_nothing()
    {
        var (staff, budi) = await ArrangeAsync(8, 5);
        using var _ = staff;
        await CheckInAsync((await DisplayAsync(staff)).GetProperty("token").GetString()!, BudiNik);

        Factory.Clock.Advance(TimeSpan.FromMinutes(20));
        var (status, body) = await CheckInAsync((await DisplayAsync(staff)).GetProperty("token").GetString()!, BudiNik);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("first").GetBoolean());
        Assert.Equal("HADIR", body.GetProperty("status").GetString());
        Assert.Equal(new DateTimeOffset(Day.ToDateTime(new TimeOnly(8, 5)), TimeSpan.FromHours(7)), body.GetProperty("checkedInAt").GetDateTimeOffset());
        Assert.Equal("HADIR/LURING/CHECK_IN", await AttendanceAsync(budi));
        Assert.Equal(1, await CountAsync("attendances"));
    }

    [Fact]
    public async Task A_check_in_after_lateAfterMinutes_is_TERLAMBAT()
    {
        var (staff, budi) = await ArrangeAsync(8, 16);
        using var _ = staff;
        var (status, body) = await CheckInAsync((await DisplayAsync(staff)).GetProperty("token").GetString()!, BudiNik);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("TERLAMBAT", body.GetProperty("status").GetString());
        Assert.Equal("TERLAMBAT/LURING/CHECK_IN", await AttendanceAsync(budi));
    }

    [Fact]
    public async Task A_session_that_is_not_today_writes_nothing()
    {
        var (staff, _) = await ArrangeAsync(8, 5);
        using var __ = staff;
        var token = (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{Batch}/sessions/2/check-in")).GetProperty("token").GetString()!;
        var (status, problem) = await CheckInAsync(token, BudiNik);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("hari sesi", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("attendances"));
    }

    [Fact]
    public async Task More_check_ins_per_minute_from_one_address_than_configured_get_429_and_write_nothing()
    {
        var budi = await PersonAsync(BudiNik, "Budi Santoso Wibowo", "budi@contoh.co.id");
        var siti = await PersonAsync("3578084502900002", "Siti Rahayu", null);
        await using var strict = new K3AppFactory(Database, new Dictionary<string, string?> { ["CheckIn:PerIpPerMinute"] = "3" });
        strict.Clock.PinWib(Day, 8, 5);
        using var staff = await TestUsers.BearerClientAsync(strict, Roles.Staff);
        var token = (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{Batch}/sessions/1/check-in")).GetProperty("token").GetString()!;
        using var phone = strict.CreateClient();

        // A refused check-in (an unknown NIK) uses up the limit as well: guessing NIKs is what the limit is for.
        var statuses = new List<HttpStatusCode>();
        foreach (var nik in new[] { "3578080505900005", BudiNik, BudiNik, "3578084502900002" })
        {
            statuses.Add((await PostJsonAsync(phone, "/api/v1/check-in", new { token, nik })).Status);
        }
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);

        using var refused = await phone.PostAsJsonAsync("/api/v1/check-in", new { token, nik = "3578084502900002" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Tunggu satu menit", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("HADIR/LURING/CHECK_IN", await AttendanceAsync(budi));
        Assert.Null(await AttendanceAsync(siti));

        // Showing the phone page is not a check-in, so it is still served.
        using var page = await phone.GetAsync($"/presensi/{token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task One_device_that_checks_in_three_people_is_listed_for_staff()
    {
        var (staff, _) = await ArrangeAsync(8, 5);
        using var __ = staff;
        await PersonAsync("3578084502900002", "Siti Rahayu", null);
        await PersonAsync("3578080303900003", "Agus Salim", null);
        var token = (await DisplayAsync(staff)).GetProperty("token").GetString()!;
        foreach (var nik in new[] { BudiNik, "3578084502900002", "3578080303900003" })
        {
            Assert.Equal(HttpStatusCode.OK, (await CheckInAsync(token, nik)).Status);
        }
        var user = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var page = await TestUsers.SignedInClientAsync(Factory, user);
        var html = await page.GetStringAsync($"/CheckIn/Devices/{Batch}");
        Assert.Contains("Agus Salim, Budi Santoso Wibowo, Siti Rahayu", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_people_checking_in_at_once_in_two_batches_are_each_written_once_and_the_figures_equal_a_recount()
    {
        var (staff, _) = await ArrangeAsync(8, 5);
        using var display = staff;
        // A second batch with a session the same day; the first five people are in both (registered more than once,
        // so their figures go through the person's window).
        int second;
        await using (var db = Database.CreateDbContext())
        {
            var programmeId = await db.Batches.Where(b => b.Id == Batch).Select(b => b.ProgrammeId).SingleAsync();
            var batch = new Batch
            {
                ProgrammeId = programmeId, Number = 7, StartDate = Day, EndDate = Day, Mode = BatchMode.Hybrid, Status = BatchStatus.Running,
                CreatedAt = DateTime.UtcNow,
            };
            batch.Sessions.Add(new BatchSession { Number = 1, Date = Day, Title = "Hari 1" });
            batch.Partners.Add(new BatchInstitution { InstitutionId = LpkAId });
            db.Batches.Add(batch);
            await db.SaveChangesAsync();
            second = batch.Id;
        }
        var niks = Enumerable.Range(101, 24).Select(n => Nik(n)).ToList();
        foreach (var nik in niks)
        {
            await PersonAsync(nik, $"Peserta {nik[^4..]}", null);
        }
        foreach (var nik in niks.Take(5))
        {
            await RegisterAsync(second, nik, LpkAId);
        }
        var token = (await DisplayAsync(staff)).GetProperty("token").GetString()!;
        var secondToken = (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{second}/sessions/1/check-in")).GetProperty("token").GetString()!;

        // Everyone twice at once in the first batch, and the five in the other batch at the same time.
        var answers = await Task.WhenAll(niks.Concat(niks).Select(nik => CheckInAsync(token, nik))
            .Concat(niks.Take(5).Select(nik => CheckInAsync(secondToken, nik))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(niks.Count + 5, answers.Count(a => a.Body.GetProperty("first").GetBoolean()));
        Assert.Equal(niks.Count + 5, await CountAsync("attendances"));
        Assert.Equal(2 * niks.Count + 5, await CountAsync("check_in_events"));
        await KeptFigures.AssertEqualToARecountAsync(Database, "many check-ins at once");
    }
}
