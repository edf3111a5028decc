using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using K3Competency.Domain;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.Registrations;

public sealed class ProgrammeApiTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private Task<HttpClient> ClientAsync(string role, int? institutionId = null) => TestUsers.BearerClientAsync(Factory, role, institutionId);

    [Fact]
    public async Task Staff_creates_institution_programme_and_batch_and_reads_it_back()
    {
        using var http = await ClientAsync(Roles.Staff);
        using (var r = await http.PostAsJsonAsync("/api/v1/institutions", new { code = "lpk-sby", name = "LPK Surabaya", type = "LEMBAGA_PELATIHAN", provinceCode = "35" }))
        {
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            Assert.Equal("LPK-SBY", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
        using var p = await http.PostAsJsonAsync("/api/v1/programs", new { code = "PKAK3-2024", name = "Peningkatan Kompetensi Ahli K3 Tahun 2024", year = 2024, targetUpgraded = 5000 });
        Assert.Equal(HttpStatusCode.Created, p.StatusCode);
        var programmeId = (await p.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        using var b = await http.PostAsJsonAsync($"/api/v1/programs/{programmeId}/batches", new
        {
            number = 1, startDate = "2024-03-05", endDate = "2024-03-06", mode = "HYBRID", venue = "Jakarta", capacity = 100,
            institutionCodes = new[] { "LPK-SBY" },
            sessions = new[] { new { number = 1, date = "2024-03-05", title = "Hari 1" }, new { number = 2, date = "2024-03-06", title = "Hari 2" } },
        });
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        var batchId = (await b.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var batch = await http.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{batchId}");
        Assert.Equal(2, batch.GetProperty("sessions").GetArrayLength());
        Assert.Equal("LPK-SBY", batch.GetProperty("partners")[0].GetProperty("code").GetString());
        Assert.Equal("HYBRID", batch.GetProperty("mode").GetString());

        var programme = await http.GetFromJsonAsync<JsonElement>($"/api/v1/programs/{programmeId}");
        Assert.Equal(80m, programme.GetProperty("programme").GetProperty("minAttendancePercent").GetDecimal());
        Assert.Equal(1, programme.GetProperty("batches").GetArrayLength());
    }

    [Fact]
    public async Task Duplicate_batch_number_is_409_and_invalid_batch_is_422_with_messages()
    {
        using var http = await ClientAsync(Roles.Admin);
        using var p = await http.PostAsJsonAsync("/api/v1/programs", new { code = "P-DUP", name = "Program", year = 2024 });
        var id = (await p.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var body = new { number = 1, startDate = "2024-03-05", endDate = "2024-03-05", mode = "LURING", sessions = new[] { new { number = 1, date = "2024-03-05" } } };
        (await http.PostAsJsonAsync($"/api/v1/programs/{id}/batches", body)).Dispose();
        using var again = await http.PostAsJsonAsync($"/api/v1/programs/{id}/batches", body);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("sudah ada", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var bad = await http.PostAsJsonAsync($"/api/v1/programs/{id}/batches", new
        {
            number = 2, startDate = "2024-03-06", endDate = "2024-03-05", mode = "TATAP_MUKA", sessions = Array.Empty<object>(), institutionCodes = new[] { "TIDAK-ADA" },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var text = await bad.Content.ReadAsStringAsync();
        Assert.Contains("Tanggal selesai tidak boleh sebelum tanggal mulai", text, StringComparison.Ordinal);
        Assert.Contains("LURING, DARING atau HYBRID", text, StringComparison.Ordinal);

        using var dupCode = await http.PostAsJsonAsync("/api/v1/programs", new { code = "p-dup", name = "Lagi", year = 2024 });
        Assert.Equal(HttpStatusCode.Conflict, dupCode.StatusCode);
    }

    [Fact]
    public async Task Institution_admin_sees_partner_batches_only()
    {
        using var staff = await ClientAsync(Roles.Staff);
        (await staff.PostAsJsonAsync("/api/v1/institutions", new { code = "LPK-A", name = "A", type = "LEMBAGA_PELATIHAN", provinceCode = "31" })).Dispose();
        using var created = await staff.PostAsJsonAsync("/api/v1/institutions", new { code = "LPK-B", name = "B", type = "PJK3", provinceCode = "32" });
        var institutionB = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var p = await staff.PostAsJsonAsync("/api/v1/programs", new { code = "P-SCOPE", name = "Program", year = 2024 });
        var id = (await p.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var b = await staff.PostAsJsonAsync($"/api/v1/programs/{id}/batches", new
        {
            number = 1, startDate = "2024-03-05", endDate = "2024-03-05", mode = "LURING", institutionCodes = new[] { "LPK-A" }, sessions = new[] { new { number = 1, date = "2024-03-05" } },
        });
        var batchId = (await b.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        using var adminB = await ClientAsync(Roles.InstitutionAdmin, institutionB);
        using var denied = await adminB.GetAsync($"/api/v1/batches/{batchId}");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        using var missing = await adminB.GetAsync("/api/v1/batches/987654");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
