using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using K3Competency.Domain;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.AttendanceSources;

/// <summary>Session times and the programme's lateness and online-presence settings over the API (DESIGN §10.1).</summary>
public sealed class SessionTimesApiTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static async Task<int> ProgrammeAsync(HttpClient http, object body)
    {
        using var p = await http.PostAsJsonAsync("/api/v1/programs", body);
        Assert.Equal(HttpStatusCode.Created, p.StatusCode);
        return (await p.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task A_session_keeps_its_WIB_times_and_one_without_times_is_08_00_to_16_00()
    {
        using var http = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        var programme = await ProgrammeAsync(http, new { code = "P-JAM", name = "Program Jam", year = 2024 });

        using var b = await http.PostAsJsonAsync($"/api/v1/programs/{programme}/batches", new
        {
            number = 1, startDate = "2024-03-05", endDate = "2024-03-06", mode = "HYBRID",
            sessions = new object[]
            {
                new { number = 1, date = "2024-03-05", start = "07:30", end = "12:00", title = "Pagi" },
                new { number = 2, date = "2024-03-06" },
            },
        });
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        var id = (await b.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var sessions = (await http.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}")).GetProperty("sessions");
        Assert.Equal(("07:30", "12:00"), (sessions[0].GetProperty("start").GetString(), sessions[0].GetProperty("end").GetString()));
        Assert.Equal(("08:00", "16:00"), (sessions[1].GetProperty("start").GetString(), sessions[1].GetProperty("end").GetString()));
    }

    [Fact]
    public async Task A_session_that_ends_before_it_starts_is_422_and_a_time_not_written_HH_mm_is_400()
    {
        using var http = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        var programme = await ProgrammeAsync(http, new { code = "P-JAM-SALAH", name = "Program Jam", year = 2024 });

        using var backwards = await http.PostAsJsonAsync($"/api/v1/programs/{programme}/batches", new
        {
            number = 1, startDate = "2024-03-05", endDate = "2024-03-05", mode = "LURING",
            sessions = new[] { new { number = 1, date = "2024-03-05", start = "13:00", end = "09:00" } },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
        Assert.Contains("Jam selesai setiap sesi harus setelah jam mulainya", await backwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var dotted = await http.PostAsJsonAsync($"/api/v1/programs/{programme}/batches", new
        {
            number = 1, startDate = "2024-03-05", endDate = "2024-03-05", mode = "LURING",
            sessions = new[] { new { number = 1, date = "2024-03-05", start = "8.00", end = "16.00" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, dotted.StatusCode);
        var problem = await dotted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Permintaan tidak terbaca", problem.GetProperty("title").GetString());
        Assert.Equal("Field sessions[0].start: Jam ditulis HH:mm dalam WIB, misalnya \"08:00\".", problem.GetProperty("detail").GetString());

        using var dayFirst = await http.PostAsJsonAsync($"/api/v1/programs/{programme}/batches", new
        {
            number = 1, startDate = "05-03-2024", endDate = "2024-03-05", mode = "LURING", sessions = new[] { new { number = 1, date = "2024-03-05" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, dayFirst.StatusCode);
        Assert.StartsWith("Nilai field startDate tidak sesuai jenisnya", (await dayFirst.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>($"/api/v1/programs/{programme}")).GetProperty("batches").GetArrayLength());
        // A refused body is the client's mistake, not an error of the app.
        Assert.DoesNotContain(CapturedLogs.Instance.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("$.startDate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_programme_is_late_after_15_minutes_and_present_online_at_80_percent_unless_set_otherwise()
    {
        using var http = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        var plain = await ProgrammeAsync(http, new { code = "P-BAKU", name = "Program Baku", year = 2024 });
        var set = await ProgrammeAsync(http, new { code = "P-ATUR", name = "Program Diatur", year = 2024, lateAfterMinutes = 30, onlineMinPresentPercent = 75 });

        var defaults = (await http.GetFromJsonAsync<JsonElement>($"/api/v1/programs/{plain}")).GetProperty("programme");
        Assert.Equal(15, defaults.GetProperty("lateAfterMinutes").GetInt32());
        Assert.Equal(80m, defaults.GetProperty("onlineMinPresentPercent").GetDecimal());
        var chosen = (await http.GetFromJsonAsync<JsonElement>($"/api/v1/programs/{set}")).GetProperty("programme");
        Assert.Equal(30, chosen.GetProperty("lateAfterMinutes").GetInt32());
        Assert.Equal(75m, chosen.GetProperty("onlineMinPresentPercent").GetDecimal());

        using var bad = await http.PostAsJsonAsync("/api/v1/programs", new { code = "P-SALAH", name = "Program", year = 2024, onlineMinPresentPercent = 120 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("Batas hadir daring harus 0-100%", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
