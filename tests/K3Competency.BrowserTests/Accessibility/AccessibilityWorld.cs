using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.BrowserTests.Accessibility;

/// <summary>
/// A small world in which every page has something to show: an institution, a programme with a two-session batch,
/// two registrations (one completed, with a certificate), an upload with a row error, a Zoom report with a person
/// it could not match, and one account per role (the institution admin belongs to the batch's partner). Built through
/// the API, as staff would.
/// </summary>
public sealed record AccessibilityWorld(
    IReadOnlyDictionary<string, TestUser> Users, int InstitutionId, int ProgrammeId, int BatchId,
    long ParticipantId, long RegistrationId, long UploadId, string CertificateCode, long MeetingReportId)
{
    public static async Task<AccessibilityWorld> BuildAsync(BrowserFixture fixture)
    {
        var factory = fixture.Factory;
        var staff = await TestUsers.CreateAsync(factory, Roles.Staff);
        using var http = new HttpClient { BaseAddress = fixture.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TestUsers.TokenAsync(http, staff));

        var institution = await PostAsync(http, "/api/v1/institutions", new { code = "LPK-AKSES", name = "Lembaga Uji Aksesibilitas", type = "LEMBAGA_PELATIHAN", provinceCode = "35" });
        var programme = await PostAsync(http, "/api/v1/programs", new { code = "PKAK3-2030", name = "Peningkatan Kompetensi Ahli K3 2030", year = 2030, targetUpgraded = 100 });
        var programmeId = programme.GetProperty("id").GetInt32();
        var batch = await PostAsync(http, $"/api/v1/programs/{programmeId}/batches", new
        {
            number = 1, startDate = "2030-03-10", endDate = "2030-03-11", mode = "HYBRID", venue = "Jakarta", capacity = 50,
            institutionCodes = new[] { "LPK-AKSES" },
            sessions = new object[] { new { number = 1, date = "2030-03-10", title = "Hari pertama" }, new { number = 2, date = "2030-03-11" } },
        });
        var batchId = batch.GetProperty("id").GetInt32();

        await ImportAsync(http, $"/api/v1/batches/{batchId}/registrations/import",
            "nik,nama,email,no_hp,jenis_kelamin,provinsi,instansi,kategori,bidang_keahlian,nomor_lisensi,mode,lembaga",
            "3578080102900001,Budi Santoso,budi@contoh.id,,L,35,PT Maju,AHLI_K3,UMUM,,LURING,LPK-AKSES",
            "3578084102900002,Siti Aminah,,,P,35,Disnaker Jatim,PENGAWAS,,,DARING,LPK-AKSES");
        // Partial, with one row for a session that does not exist: an upload whose error report has a line.
        await ImportAsync(http, $"/api/v1/batches/{batchId}/attendance/import?partial=true",
            "nik,sesi,status", "3578080102900001,1,HADIR", "3578080102900001,2,HADIR", "3578084102900002,1,HADIR", "3578084102900002,9,HADIR");
        await ImportAsync(http, $"/api/v1/batches/{batchId}/results/import", "nik,nilai_pre_test,nilai_post_test", "3578080102900001,60,88", "3578084102900002,55,75");
        using (var issued = await http.PostAsync($"/api/v1/batches/{batchId}/certificates", null))
        {
            issued.EnsureSuccessStatusCode();
        }
        // Budi matched by e-mail; a guest with a renamed display name left for the review page.
        var report = await ImportAsync(http, $"/api/v1/batches/{batchId}/sessions/2/meeting-report?partial=true",
            "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room",
            "Budi Santoso,budi@contoh.id,03/11/2030 08:00:00 AM,03/11/2030 04:00:00 PM,480,No,Y,No",
            "Siti A (HP),,03/11/2030 08:05:00 AM,03/11/2030 03:55:00 PM,470,Yes,Y,No");

        var users = new Dictionary<string, TestUser>
        {
            [Roles.Staff] = staff,
            [Roles.Admin] = await TestUsers.CreateAsync(factory, Roles.Admin),
            [Roles.Director] = await TestUsers.CreateAsync(factory, Roles.Director),
            [Roles.InstitutionAdmin] = await TestUsers.CreateAsync(factory, Roles.InstitutionAdmin, institution.GetProperty("id").GetInt32()),
        };
        await using var db = fixture.Database.CreateDbContext();
        var registration = await db.Registrations.Where(r => r.BatchId == batchId).OrderBy(r => r.Id).FirstAsync();
        var upload = await db.Uploads.Where(u => u.BatchId == batchId && u.Rejected > 0).Select(u => u.Id).SingleAsync();
        var code = await db.Certificates.Where(c => c.BatchId == batchId).Select(c => c.VerificationCode).SingleAsync();
        return new AccessibilityWorld(users, institution.GetProperty("id").GetInt32(), programmeId, batchId,
            registration.ParticipantId, registration.Id, upload, code, report.GetProperty("uploadId").GetInt64());
    }

    /// <summary>The token the check-in display of session 1 shows now (it changes every 30 seconds), fetched as staff would.</summary>
    public async Task<string> CheckInTokenAsync(BrowserFixture fixture)
    {
        using var http = new HttpClient { BaseAddress = fixture.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TestUsers.TokenAsync(http, Users[Roles.Staff]));
        using var response = await http.GetAsync($"/api/v1/batches/{BatchId}/sessions/1/check-in");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"check-in display: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string url, object body)
    {
        using var response = await http.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> ImportAsync(HttpClient http, string url, params string[] lines)
    {
        using var content = new StringContent(string.Join("\r\n", lines) + "\r\n", Encoding.UTF8, "text/csv");
        using var response = await http.PostAsync(url, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
