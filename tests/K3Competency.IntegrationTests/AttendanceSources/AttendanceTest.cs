using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.IntegrationTests.Imports;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace K3Competency.IntegrationTests.AttendanceSources;

/// <summary>
/// A batch whose session 1 is on <see cref="Day"/> (tomorrow in WIB, so the pinned clock is ahead of every key and
/// token the app made), 08:00-16:00, partnered by LPK-A and LPK-B; people registered per test with names and e-mails.
/// </summary>
public abstract class AttendanceTest(AppFixture fixture) : ImportTest(fixture)
{
    protected static readonly DateOnly Day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).AddDays(1);

    protected int Batch { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        LpkAId = await InstitutionAsync("LPK-A");
        LpkBId = await InstitutionAsync("LPK-B");
        await using var db = Database.CreateDbContext();
        var programme = new Programme { Code = "PKAK3-UJI", Name = "Peningkatan Kompetensi Ahli K3 Uji", Year = Day.Year, CreatedAt = DateTime.UtcNow };
        var batch = new Batch
        {
            Programme = programme,
            Number = 6,
            StartDate = Day,
            EndDate = Day.AddDays(1),
            Mode = BatchMode.Hybrid,
            Status = BatchStatus.Running,
            CreatedAt = DateTime.UtcNow,
        };
        batch.Sessions.Add(new BatchSession { Number = 1, Date = Day, Title = "Hari 1" });
        batch.Sessions.Add(new BatchSession { Number = 2, Date = Day.AddDays(1), Title = "Hari 2" });
        batch.Partners.Add(new BatchInstitution { InstitutionId = LpkAId });
        batch.Partners.Add(new BatchInstitution { InstitutionId = LpkBId });
        db.Batches.Add(batch);
        await db.SaveChangesAsync();
        Batch = batch.Id;
    }

    public override Task DisposeAsync()
    {
        Factory.Clock.Release();
        return base.DisposeAsync();
    }

    protected int LpkAId { get; private set; }
    protected int LpkBId { get; private set; }

    /// <summary>Registers a person with a name and an e-mail through an institution; returns the registration id.</summary>
    protected async Task<long> PersonAsync(string nik, string name, string? email, int? institution = null)
    {
        var id = await RegisterAsync(Batch, nik, institution ?? LpkAId, name);
        if (email is not null)
        {
            await using var db = Database.CreateDbContext();
            await db.Participants.Where(p => p.Nik == nik).ExecuteUpdateAsync(u => u.SetProperty(p => p.Email, email));
        }
        return id;
    }

    /// <summary>A Zoom per-join report of session 1 (times in WIB on <see cref="Day"/>): name, e-mail, join and leave.</summary>
    protected static byte[] Zoom(params (string Name, string Email, string Join, string Leave)[] rows)
    {
        var date = Day.ToString("MM/dd/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        string Time(string hhmm) => DateTime.ParseExact(hhmm, "HH:mm", System.Globalization.CultureInfo.InvariantCulture)
            .ToString("hh:mm:ss tt", System.Globalization.CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,",
            $"823 4567 8901,Angkatan 6 Hari 1,{date} 07:45:00 AM,{date} 04:10:00 PM,host@kemnaker.go.id,505,{rows.Length},",
            "",
            "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room",
        };
        lines.AddRange(rows.Select(r => $"\"{r.Name}\",{r.Email},{date} {Time(r.Join)},{date} {Time(r.Leave)},60,No,,No"));
        return Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");
    }

    protected static MultipartFormDataContent File(byte[] bytes, string name = "participants_82345678901.csv")
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(part, "file", name);
        return form;
    }

    protected async Task<(HttpStatusCode Status, JsonElement Body)> ReportAsync(HttpClient http, byte[] report, string query = "", int session = 1)
    {
        using var response = await http.PostAsync($"/api/v1/batches/{Batch}/sessions/{session}/meeting-report{query}", File(report));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    protected static async Task<(HttpStatusCode Status, JsonElement Body)> PostJsonAsync(HttpClient http, string url, object body)
    {
        using var response = await http.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The attendance of one registration in session 1: status, mode and source, or null.</summary>
    protected async Task<string?> AttendanceAsync(long registrationId, int session = 1)
    {
        await using var conn = await Database.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT a.status || '/' || coalesce(a.mode, '-') || '/' || a.source FROM attendances a JOIN sessions s ON s.id = a.session_id WHERE a.registration_id = @r AND s.number = @n", conn);
        cmd.Parameters.AddWithValue("r", registrationId);
        cmd.Parameters.AddWithValue("n", session);
        return (string?)await cmd.ExecuteScalarAsync();
    }
}
