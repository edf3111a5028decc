using System.Globalization;
using K3Competency.Application.Data;
using K3Competency.Domain;
using K3Competency.Domain.Entities;

namespace K3Competency.IntegrationTests.Reporting;

/// <summary>Builds the small programmes each reporting test needs, through EF on the real database.</summary>
internal sealed class ReportingSeed(K3DbContext db)
{
    private static int _serial;
    private static readonly DateTime At = new(2023, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    public async Task<Programme> ProgrammeAsync(string code, int year = 2023, decimal minAttendance = 80, decimal passing = 70, decimal high = 85)
    {
        var p = new Programme
        {
            Code = code,
            Name = $"Program {code}",
            Year = year,
            MinAttendancePercent = minAttendance,
            PassingScore = passing,
            HighPerformanceScore = high,
            CreatedAt = At,
        };
        db.Programmes.Add(p);
        await db.SaveChangesAsync();
        return p;
    }

    public async Task<Batch> BatchAsync(Programme programme, int number, int sessions)
    {
        var start = new DateOnly(programme.Year, 1, 2).AddDays(number * 30);
        var b = new Batch
        {
            ProgrammeId = programme.Id,
            Number = number,
            StartDate = start,
            EndDate = start.AddDays(Math.Max(sessions - 1, 0)),
            Mode = BatchMode.Hybrid,
            Status = BatchStatus.Finished,
            CreatedAt = At,
        };
        for (var n = 1; n <= sessions; n++)
        {
            b.Sessions.Add(new BatchSession { Number = n, Date = start.AddDays(n - 1) });
        }
        db.Batches.Add(b);
        await db.SaveChangesAsync();
        return b;
    }

    /// <summary>A person with a unique, well-formed NIK (born 01/02/1985) in <paramref name="province"/>.</summary>
    public async Task<Participant> PersonAsync(string province = "35")
    {
        var serial = Interlocked.Increment(ref _serial);
        var p = new Participant
        {
            Nik = string.Create(CultureInfo.InvariantCulture, $"{province}0101010285{serial:D4}"),
            FullName = $"Peserta {serial}",
            Gender = Gender.L,
            BirthDate = new DateOnly(1985, 2, 1),
            ProvinceCode = province,
            CreatedAt = At,
            UpdatedAt = At,
        };
        db.Participants.Add(p);
        await db.SaveChangesAsync();
        return p;
    }

    /// <summary>
    /// Registers <paramref name="person"/> with one attendance status per session of the batch, in session
    /// order (null: no row for that session).
    /// </summary>
    public async Task<Registration> RegisterAsync(Batch batch, Participant person, decimal? post, params AttendanceStatus?[] attendance) =>
        await RegisterAsync(batch, person, ParticipantCategory.AhliK3, AttendanceMode.Luring, post, attendance);

    public async Task<Registration> RegisterAsync(Batch batch, Participant person, ParticipantCategory category, AttendanceMode mode,
        decimal? post, params AttendanceStatus?[] attendance)
    {
        var r = new Registration
        {
            BatchId = batch.Id,
            ParticipantId = person.Id,
            Category = category,
            ExpertiseField = category == ParticipantCategory.AhliK3 ? "UMUM" : null,
            AttendanceMode = mode,
            PostTestScore = post,
            RegisteredAt = At,
            UpdatedAt = At,
        };
        var sessions = batch.Sessions.OrderBy(s => s.Number).ToList();
        for (var i = 0; i < attendance.Length; i++)
        {
            if (attendance[i] is { } status)
            {
                r.Attendances.Add(new Attendance { SessionId = sessions[i].Id, Status = status, UpdatedAt = At });
            }
        }
        db.Registrations.Add(r);
        await db.SaveChangesAsync();
        return r;
    }

    /// <summary>Every session of the batch attended.</summary>
    public static AttendanceStatus?[] Present(int sessions) => [.. Enumerable.Repeat<AttendanceStatus?>(AttendanceStatus.Hadir, sessions)];
}
