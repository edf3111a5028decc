using System.Text;
using K3Competency.Application;
using K3Competency.Application.Identity;
using K3Competency.Application.Imports;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Npgsql;

namespace K3Competency.IntegrationTests.Imports;

/// <summary>Builds a programme, a batch with sessions and partner institutions per test, and runs the real ImportService.</summary>
public abstract class ImportTest(AppFixture fixture) : IntegrationTest(fixture)
{
    protected static readonly Actor Staff = new("staff-1", "staf@kemnaker.go.id", Roles.Staff, null);

    protected const string RegistrationHeader = "nik,nama,email,no_hp,jenis_kelamin,provinsi,instansi,kategori,bidang_keahlian,nomor_lisensi,mode,lembaga";

    protected static Actor AdminOf(int institutionId) =>
        new($"admin-{institutionId}", $"admin{institutionId}@lembaga.example", Roles.InstitutionAdmin, institutionId);

    /// <summary>A valid NIK: Jawa Timur, born 1 February 1990 (day + 40 for a woman), serial <paramref name="serial"/>.</summary>
    protected static string Nik(int serial, bool woman = false) => $"357808{(woman ? 41 : 1):00}0290{serial:0000}";

    /// <summary>Institution A and B of the usual test world, set by <see cref="TwoPartnersAsync"/>.</summary>
    protected int LpkA { get; private set; }
    protected int LpkB { get; private set; }
    /// <summary>A two-session batch that LPK-A and LPK-B both partner.</summary>
    protected int SharedBatch { get; private set; }

    protected async Task TwoPartnersAsync()
    {
        LpkA = await InstitutionAsync("LPK-A");
        LpkB = await InstitutionAsync("LPK-B");
        SharedBatch = await BatchAsync(2, LpkA, LpkB);
    }

    /// <summary>A CSV file uploaded into the shared batch through the import API; it must commit. The answer's JSON.</summary>
    protected async Task<System.Text.Json.JsonElement> UploadOverApiAsync(HttpClient http, string kind, string csv)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", $"{kind}.csv");
        using var response = await http.PostAsync($"/api/v1/batches/{SharedBatch}/{kind}/import", form);
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, body.ToString());
        Assert.True(body.GetProperty("committed").GetBoolean());
        return body;
    }

    protected static string Lines(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    protected async Task<int> InstitutionAsync(string code)
    {
        await using var db = Database.CreateDbContext();
        var institution = new Institution { Code = code, Name = $"Lembaga {code}", Type = InstitutionType.LembagaPelatihan, ProvinceCode = "35", CreatedAt = DateTime.UtcNow };
        db.Institutions.Add(institution);
        await db.SaveChangesAsync();
        return institution.Id;
    }

    /// <summary>A batch with sessions 1..<paramref name="sessions"/> and the given partner institutions.</summary>
    protected async Task<int> BatchAsync(int sessions = 2, params int[] partners)
    {
        await using var db = Database.CreateDbContext();
        var programme = await db.Programmes.FirstOrDefaultAsync();
        if (programme is null)
        {
            programme = new Programme { Code = "PKAK3-2023", Name = "Peningkatan Kompetensi Ahli K3 2023", Year = 2023, CreatedAt = DateTime.UtcNow };
            db.Programmes.Add(programme);
            await db.SaveChangesAsync();
        }
        var number = await db.Batches.CountAsync(b => b.ProgrammeId == programme.Id) + 1;
        var batch = new Batch
        {
            ProgrammeId = programme.Id, Number = number, StartDate = new DateOnly(2023, 11, 16), EndDate = new DateOnly(2023, 11, 17),
            Mode = BatchMode.Hybrid, Status = BatchStatus.Running, CreatedAt = DateTime.UtcNow,
        };
        for (var s = 1; s <= sessions; s++)
        {
            batch.Sessions.Add(new BatchSession { Number = s, Date = new DateOnly(2023, 11, 15 + s) });
        }
        foreach (var id in partners)
        {
            batch.Partners.Add(new BatchInstitution { InstitutionId = id });
        }
        db.Batches.Add(batch);
        await db.SaveChangesAsync();
        return batch.Id;
    }

    /// <summary>Registers a person in a batch through an institution, as the registration form would.</summary>
    protected async Task<long> RegisterAsync(int batchId, string nik, int? institutionId, string name = "Peserta Uji")
    {
        await using var db = Database.CreateDbContext();
        var participant = await db.Participants.SingleOrDefaultAsync(p => p.Nik == nik);
        if (participant is null)
        {
            var parsed = Domain.Rules.Nik.Parse(nik, new DateOnly(2026, 1, 1)).Nik!.Value;
            participant = new Participant
            {
                Nik = nik, FullName = name, Gender = parsed.Gender, BirthDate = parsed.BirthDate, ProvinceCode = parsed.ProvinceCode,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.Participants.Add(participant);
        }
        var registration = new Registration
        {
            BatchId = batchId, Participant = participant, Category = ParticipantCategory.Pengawas, AttendanceMode = AttendanceMode.Luring,
            InstitutionId = institutionId, RegisteredAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        db.Registrations.Add(registration);
        await db.SaveChangesAsync();
        return registration.Id;
    }

    protected Task<ImportReport> ImportAsync(UploadKind kind, int batchId, string csv, Actor? actor = null, bool partial = false, bool dryRun = false) =>
        ImportAsync(kind, batchId, Encoding.UTF8.GetBytes(csv), "data.csv", actor, partial, dryRun);

    /// <summary>The report of an import the service takes (row errors included); fails the test when it refuses the request.</summary>
    protected async Task<ImportReport> ImportAsync(UploadKind kind, int batchId, byte[] file, string fileName, Actor? actor = null,
        bool partial = false, bool dryRun = false)
    {
        var result = await TryImportAsync(kind, batchId, file, fileName, actor, partial, dryRun);
        Assert.True(result.Succeeded, $"The import was refused ({result.Failure}): {result.Message}");
        return result.Value!;
    }

    protected Task<ServiceResult<ImportReport>> TryImportAsync(UploadKind kind, int batchId, string csv, Actor? actor = null) =>
        TryImportAsync(kind, batchId, Encoding.UTF8.GetBytes(csv), "data.csv", actor);

    protected async Task<ServiceResult<ImportReport>> TryImportAsync(UploadKind kind, int batchId, byte[] file, string fileName, Actor? actor = null,
        bool partial = false, bool dryRun = false, long? maxBytes = null, long? declaredLength = null)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<ImportService>();
        await using var stream = new MemoryStream(file);
        var request = new ImportRequest(kind, batchId, fileName, actor ?? Staff)
        {
            Partial = partial, DryRun = dryRun, MaxBytes = maxBytes, DeclaredLength = declaredLength,
        };
        return await service.ImportAsync(request, stream);
    }

    /// <summary>The first sheet of an XLSX built from a CSV text, every cell as text (as a careful user saves it).</summary>
    protected static byte[] XlsxFrom(string csv)
    {
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < header.Length; i++)
            {
                row[header[i]] = i < cells.Length ? cells[i] : "";
            }
            return row;
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(rows);
        return stream.ToArray();
    }

    protected async Task<long> CountAsync(string table)
    {
        await using var conn = await Database.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT count(*) FROM {table}", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Row versions of a table: unchanged when nothing rewrote the rows.</summary>
    protected async Task<List<string>> XminsAsync(string table)
    {
        await using var conn = await Database.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT id::text || ':' || xmin::text FROM {table} ORDER BY id", conn);
        var list = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetString(0));
        }
        return list;
    }

    protected static ImportError ErrorAt(ImportReport report, int row, string column) =>
        Assert.Single(report.Errors, e => e.Row == row && e.Column == column);
}
