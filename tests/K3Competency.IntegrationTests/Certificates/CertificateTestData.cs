using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.Certificates;

/// <summary>Builds one programme and batch per test, and registrations with a chosen attendance and score.</summary>
internal sealed class CertificateTestData(TestDatabase database)
{
    public static readonly Actor Staff = new("staff-1", "Staf Direktorat", Roles.Staff, null);
    public static readonly Actor Admin = new("admin-1", "Administrator", Roles.Admin, null);
    public static readonly Actor Director = new("director-1", "Direktur", Roles.Director, null);

    private static int _nik;

    public int BatchId { get; private set; }
    public int ProgrammeId { get; private set; }
    public string ProgrammeCode { get; private set; } = "";
    public IReadOnlyList<int> SessionIds { get; private set; } = [];

    /// <summary>Programme PKAK3-… (thresholds 80 % / 70 / 85) with batch 6, 16-17 November 2023, hybrid.</summary>
    public async Task<CertificateTestData> WithBatchAsync(int sessions = 5, int batchNumber = 6, string? programmeCode = null)
    {
        await using var db = database.CreateDbContext();
        var programme = new Programme
        {
            Code = programmeCode ?? $"PKAK3-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}",
            Name = "Peningkatan Kompetensi Ahli K3 Tahun 2023",
            Year = 2023,
            CreatedAt = DateTime.UtcNow,
        };
        var batch = new Batch
        {
            Programme = programme,
            Number = batchNumber,
            StartDate = new DateOnly(2023, 11, 16),
            EndDate = new DateOnly(2023, 11, 17),
            Mode = BatchMode.Hybrid,
            Status = BatchStatus.Finished,
            CreatedAt = DateTime.UtcNow,
        };
        for (var i = 1; i <= sessions; i++)
        {
            batch.Sessions.Add(new BatchSession { Number = i, Date = new DateOnly(2023, 11, 16).AddDays(i > sessions / 2 ? 1 : 0), Title = $"Sesi {i}" });
        }
        db.Batches.Add(batch);
        await db.SaveChangesAsync();
        BatchId = batch.Id;
        ProgrammeId = programme.Id;
        ProgrammeCode = programme.Code;
        SessionIds = [.. batch.Sessions.OrderBy(s => s.Number).Select(s => s.Id)];
        return this;
    }

    /// <summary>Makes the institution a partner of the batch, so that its admin may work on it.</summary>
    public async Task WithPartnerAsync(int institutionId)
    {
        await using var db = database.CreateDbContext();
        db.BatchInstitutions.Add(new BatchInstitution { BatchId = BatchId, InstitutionId = institutionId });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// A participant registered in the batch. The first <paramref name="present"/> sessions are HADIR (or
    /// TERLAMBAT when <paramref name="late"/>), the rest <paramref name="absent"/>.
    /// </summary>
    public async Task<long> RegisterAsync(string name, int present, decimal? postTest,
        ParticipantCategory category = ParticipantCategory.AhliK3, string? field = "LISTRIK",
        bool late = false, AttendanceStatus absent = AttendanceStatus.Alpa, int? batchId = null, int? institutionId = null,
        string? nik = null, string? email = null)
    {
        await using var db = database.CreateDbContext();
        nik ??= $"3578{Interlocked.Increment(ref _nik):D12}";
        var participant = new Participant
        {
            Nik = nik,
            FullName = name,
            Email = email,
            Gender = Gender.L,
            BirthDate = new DateOnly(1985, 1, 1),
            ProvinceCode = "35",
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        var registration = new Registration
        {
            BatchId = batchId ?? BatchId,
            Participant = participant,
            Category = category,
            ExpertiseField = category == ParticipantCategory.AhliK3 ? field : null,
            AttendanceMode = AttendanceMode.Luring,
            InstitutionId = institutionId,
            PostTestScore = postTest,
            RegisteredAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        var sessionIds = batchId is null ? SessionIds : [.. db.Sessions.Where(s => s.BatchId == batchId).OrderBy(s => s.Number).Select(s => s.Id)];
        for (var i = 0; i < sessionIds.Count; i++)
        {
            registration.Attendances.Add(new Attendance
            {
                SessionId = sessionIds[i],
                Status = i < present ? (late ? AttendanceStatus.Terlambat : AttendanceStatus.Hadir) : absent,
                UpdatedAt = DateTime.UtcNow,
            });
        }
        db.Registrations.Add(registration);
        await db.SaveChangesAsync();
        return registration.Id;
    }
}

/// <summary>A clock standing still, so issue and revocation times can be asserted.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
