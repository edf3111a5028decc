using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Imports;

/// <summary>After a commit, the summary API and the dashboard show the new totals at once (no cache to wait out).</summary>
public sealed class NumbersFollowUploadsTests(AppFixture fixture) : ImportTest(fixture)
{
    [Fact]
    public async Task Attendance_upload_that_completes_participants_shows_in_the_summary_and_dashboard_at_once()
    {
        var lpk = await InstitutionAsync("LPK-A");
        var batchId = await BatchAsync(2, lpk);
        int programmeId;
        await using (var db = Database.CreateDbContext())
        {
            programmeId = (await db.Batches.SingleAsync(b => b.Id == batchId)).ProgrammeId;
            for (var i = 1; i <= 3; i++)
            {
                var nik = Nik(i);
                var parsed = Domain.Rules.Nik.Parse(nik, new DateOnly(2026, 1, 1)).Nik!.Value;
                db.Registrations.Add(new Registration
                {
                    BatchId = batchId, Category = ParticipantCategory.AhliK3, ExpertiseField = "UMUM", AttendanceMode = AttendanceMode.Luring,
                    InstitutionId = lpk, PostTestScore = i == 3 ? 60 : 90, RegisteredAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                    Participant = new Participant { Nik = nik, FullName = $"Ahli {i}", Gender = parsed.Gender, BirthDate = parsed.BirthDate, ProvinceCode = "35", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow },
                });
            }
            await db.SaveChangesAsync();
        }

        using var director = Factory.CreateClient();
        var directorUser = await TestUsers.CreateAsync(Factory, Roles.Director);
        director.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TestUsers.TokenAsync(director, directorUser));
        async Task<JsonElement> Batch() => (await director.GetFromJsonAsync<JsonElement>($"/api/v1/programs/{programmeId}/summary")).GetProperty("batches")[0];

        var before = await Batch();
        Assert.Equal((0, 0, 0), (before.GetProperty("upgraded").GetInt32(), before.GetProperty("completed").GetInt32(), before.GetProperty("cumulativeUpgraded").GetInt32()));

        using var admin = Factory.CreateClient();
        var adminUser = await TestUsers.CreateAsync(Factory, Roles.InstitutionAdmin, lpk);
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TestUsers.TokenAsync(admin, adminUser));
        var csv = Lines("nik,sesi,status", $"{Nik(1)},1,HADIR", $"{Nik(1)},2,HADIR", $"{Nik(2)},1,HADIR", $"{Nik(2)},2,TERLAMBAT", $"{Nik(3)},1,HADIR", $"{Nik(3)},2,HADIR");
        using var upload = await admin.PostAsync($"/api/v1/batches/{batchId}/attendance/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        upload.EnsureSuccessStatusCode();

        // Person 3 attended but failed the post-test: upgraded, not completed.
        var after = await Batch();
        Assert.Equal((3, 2, 3), (after.GetProperty("upgraded").GetInt32(), after.GetProperty("completed").GetInt32(), after.GetProperty("cumulativeUpgraded").GetInt32()));
        Assert.Equal(2, after.GetProperty("highPerforming").GetInt32());

        using var page = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Director));
        var html = await page.GetStringAsync($"/Dashboard?programmeId={programmeId}");
        Assert.Contains("Ahli K3 yang telah ditingkatkan kompetensinya sebanyak 3 orang", html, StringComparison.Ordinal);
    }
}
