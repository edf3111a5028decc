using K3Competency.Application.Auditing;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Registrations;

public sealed record ParticipantSearch(
    string? Query = null, string? InstitutionCode = null, string? ProvinceCode = null, string? Category = null, int? BatchId = null,
    string Sort = "name", bool Descending = false, int Page = 1, int PageSize = 25);

public sealed record ParticipantRow(long Id, string MaskedNik, string FullName, string ProvinceName, string? Employer, int Registrations, string? LastCategory);

public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>One registration with its attendance and completion (DESIGN §4), with the reason when not completed.</summary>
public sealed record RegistrationRow(
    long Id, long ParticipantId, int BatchId, int BatchNumber, string ProgrammeCode, string MaskedNik, string FullName, string Category,
    string? ExpertiseField, string AttendanceMode, string? InstitutionCode, string? InstitutionName, decimal? PreTest, decimal? PostTest,
    int Present, int Sessions, decimal AttendancePercent, bool Completed, bool HighPerforming, string? Reason, uint Version,
    IReadOnlyList<string> Certificates);

public sealed record ParticipantProfile(
    long Id, string Nik, bool NikIsMasked, string FullName, string? Email, string? Phone, string Gender, DateOnly BirthDate, string ProvinceName,
    string? Employer, IReadOnlyList<RegistrationRow> History);

/// <summary>
/// Reads of people and registrations. NIKs are masked in every list (DESIGN §5.7 issue: privacy); the whole NIK is
/// shown only on a profile, only to Staff and Admin, and every such view is audited.
/// </summary>
public sealed class ParticipantQueries(K3DbContext db, TimeProvider time)
{
    public async Task<Paged<ParticipantRow>> SearchAsync(ParticipantSearch search, Actor actor, CancellationToken ct)
    {
        var registrations = db.Registrations.AsNoTracking().VisibleTo(actor);
        var people = db.Participants.AsNoTracking().Where(p => registrations.Any(r => r.ParticipantId == p.Id));
        if (!string.IsNullOrWhiteSpace(search.Query))
        {
            var q = search.Query.Trim();
            var digits = new string(q.Where(char.IsAsciiDigit).ToArray());
            people = digits.Length == Nik.Length
                ? people.Where(p => p.Nik == digits)
                : people.Where(p => EF.Functions.ILike(p.FullName, "%" + q.Replace("%", "", StringComparison.Ordinal) + "%"));
        }
        if (!string.IsNullOrWhiteSpace(search.ProvinceCode))
        {
            people = people.Where(p => p.ProvinceCode == search.ProvinceCode);
        }
        if (!string.IsNullOrWhiteSpace(search.InstitutionCode))
        {
            people = people.Where(p => registrations.Any(r => r.ParticipantId == p.Id && r.Institution!.Code == search.InstitutionCode));
        }
        if (Codes.TryParse<ParticipantCategory>(search.Category, out var category))
        {
            people = people.Where(p => registrations.Any(r => r.ParticipantId == p.Id && r.Category == category));
        }
        if (search.BatchId is int batchId)
        {
            people = people.Where(p => registrations.Any(r => r.ParticipantId == p.Id && r.BatchId == batchId));
        }
        var total = await people.CountAsync(ct);
        people = (search.Sort, search.Descending) switch
        {
            ("province", false) => people.OrderBy(p => p.ProvinceCode).ThenBy(p => p.FullName),
            ("province", true) => people.OrderByDescending(p => p.ProvinceCode).ThenBy(p => p.FullName),
            ("registrations", false) => people.OrderBy(p => registrations.Count(r => r.ParticipantId == p.Id)).ThenBy(p => p.FullName),
            ("registrations", true) => people.OrderByDescending(p => registrations.Count(r => r.ParticipantId == p.Id)).ThenBy(p => p.FullName),
            (_, true) => people.OrderByDescending(p => p.FullName).ThenBy(p => p.Id),
            _ => people.OrderBy(p => p.FullName).ThenBy(p => p.Id),
        };
        var page = Math.Max(1, search.Page);
        var size = Math.Clamp(search.PageSize, 10, 100);
        var rows = await people.Skip((page - 1) * size).Take(size)
            .Select(p => new
            {
                p.Id, p.Nik, p.FullName, p.ProvinceCode, p.Employer,
                Count = registrations.Count(r => r.ParticipantId == p.Id),
                Last = registrations.Where(r => r.ParticipantId == p.Id).OrderByDescending(r => r.RegisteredAt).Select(r => (ParticipantCategory?)r.Category).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new Paged<ParticipantRow>(
            [.. rows.Select(r => new ParticipantRow(r.Id, Nik.Mask(r.Nik), r.FullName, Provinces.NameOf(r.ProvinceCode), r.Employer, r.Count, r.Last?.ToCode()))],
            total, page, size);
    }

    /// <summary>
    /// A page of the batch's registrations the actor may see, by name or NIK, sorted on the server by name (default),
    /// institution, attendance or post-test score.
    /// </summary>
    public async Task<Paged<RegistrationRow>> BatchRegistrationsAsync(int batchId, Actor actor, string? query, int page, CancellationToken ct,
        int pageSize = 50, string? sort = null, bool descending = false)
    {
        var q = db.Registrations.AsNoTracking().VisibleTo(actor).Where(r => r.BatchId == batchId);
        if (!string.IsNullOrWhiteSpace(query))
        {
            var text = query.Trim();
            var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
            q = digits.Length == Nik.Length
                ? q.Where(r => r.Participant!.Nik == digits)
                : q.Where(r => EF.Functions.ILike(r.Participant!.FullName, "%" + text.Replace("%", "", StringComparison.Ordinal) + "%"));
        }
        var total = await q.CountAsync(ct);
        page = Math.Max(1, page);
        IOrderedQueryable<Registration> sorted = (sort, descending) switch
        {
            ("institution", false) => q.OrderBy(r => r.Institution!.Name),
            ("institution", true) => q.OrderByDescending(r => r.Institution!.Name),
            ("attendance", false) => q.OrderBy(r => r.Attendances.Count(a => a.Status == AttendanceStatus.Hadir || a.Status == AttendanceStatus.Terlambat)),
            ("attendance", true) => q.OrderByDescending(r => r.Attendances.Count(a => a.Status == AttendanceStatus.Hadir || a.Status == AttendanceStatus.Terlambat)),
            ("post", false) => q.OrderBy(r => r.PostTestScore),
            ("post", true) => q.OrderByDescending(r => r.PostTestScore),
            (_, true) => q.OrderByDescending(r => r.Participant!.FullName),
            _ => q.OrderBy(r => r.Participant!.FullName),
        };
        var rows = await Rows(sorted.ThenBy(r => r.Participant!.FullName).ThenBy(r => r.Id).Skip((page - 1) * pageSize).Take(pageSize), ct);
        return new Paged<RegistrationRow>(rows, total, page, pageSize);
    }

    /// <summary>Whether the person exists at all, so that one the actor may not see answers 403, not 404.</summary>
    public Task<bool> ExistsAsync(long participantId, CancellationToken ct) => db.Participants.AnyAsync(p => p.Id == participantId, ct);

    public async Task<ParticipantProfile?> ProfileAsync(long participantId, Actor actor, CancellationToken ct)
    {
        var visible = db.Registrations.AsNoTracking().VisibleTo(actor).Where(r => r.ParticipantId == participantId);
        if (!actor.IsStaffOrAdmin && !await visible.AnyAsync(ct))
        {
            return null;
        }
        var person = await db.Participants.AsNoTracking().SingleOrDefaultAsync(p => p.Id == participantId, ct);
        if (person is null)
        {
            return null;
        }
        var history = await Rows(visible.OrderBy(r => r.Batch!.Programme!.Year).ThenBy(r => r.Batch!.Number), ct);
        if (actor.SeesFullNik)
        {
            Audit.Add(db, actor, "participant.view-nik", nameof(Participant), person.Id, null, null, time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
        }
        return new ParticipantProfile(person.Id, actor.NikAsSeen(person.Nik), !actor.SeesFullNik, person.FullName,
            person.Email, person.Phone, person.Gender.ToCode(), person.BirthDate, Provinces.NameOf(person.ProvinceCode), person.Employer, history);
    }

    /// <summary>One registration with its completion and reason, or null when unknown or outside the actor's scope.</summary>
    public async Task<RegistrationRow?> RegistrationAsync(long registrationId, Actor actor, CancellationToken ct) =>
        (await Rows(db.Registrations.AsNoTracking().VisibleTo(actor).Where(r => r.Id == registrationId), ct)).SingleOrDefault();

    private async Task<List<RegistrationRow>> Rows(IQueryable<Registration> q, CancellationToken ct) =>
        [.. (await Project(q).ToListAsync(ct)).Select(ToRow)];

    /// <summary>
    /// The registrations of a batch the actor may see, by name, with the NIK as the actor may see it, read one row at a
    /// time from the database so that an export of thousands never sits in memory.
    /// </summary>
    public async IAsyncEnumerable<(string Nik, RegistrationRow Row)> StreamBatchRegistrationsAsync(
        int batchId, Actor actor, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var q = db.Registrations.AsNoTracking().VisibleTo(actor).Where(r => r.BatchId == batchId).OrderBy(r => r.Participant!.FullName).ThenBy(r => r.Id);
        await foreach (var row in Project(q).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return (actor.NikAsSeen(row.Nik), ToRow(row));
        }
    }

    private sealed record Projected(
        long Id, long ParticipantId, int BatchId, int BatchNumber, string ProgrammeCode, string Nik, string FullName, ParticipantCategory Category,
        string? ExpertiseField, AttendanceMode AttendanceMode, string? InstitutionCode, string? InstitutionName, decimal? PreTestScore,
        decimal? PostTestScore, uint Version, int Present, int Sessions, decimal MinAttendancePercent, decimal PassingScore,
        decimal HighPerformanceScore, List<string> Certificates);

    private IQueryable<Projected> Project(IQueryable<Registration> q) =>
        q.Select(r => new Projected(
            r.Id, r.ParticipantId, r.BatchId, r.Batch!.Number, r.Batch.Programme!.Code, r.Participant!.Nik, r.Participant.FullName,
            r.Category, r.ExpertiseField, r.AttendanceMode, r.Institution != null ? r.Institution.Code : null,
            r.Institution != null ? r.Institution.Name : null, r.PreTestScore, r.PostTestScore, r.Version,
            r.Attendances.Count(a => a.Status == AttendanceStatus.Hadir || a.Status == AttendanceStatus.Terlambat),
            db.Sessions.Count(s => s.BatchId == r.BatchId),
            r.Batch.Programme.MinAttendancePercent, r.Batch.Programme.PassingScore, r.Batch.Programme.HighPerformanceScore,
            db.Certificates.Where(c => c.RegistrationId == r.Id && c.RevokedAt == null).Select(c => c.Number).ToList()));

    private static RegistrationRow ToRow(Projected r)
    {
        var completed = Completion.IsCompleted(r.Present, r.Sessions, r.PostTestScore, r.MinAttendancePercent, r.PassingScore);
        var percent = Completion.AttendancePercent(r.Present, r.Sessions);
        string? reason = null;
        if (!completed)
        {
            var reasons = new List<string>();
            if (r.Present * 100m < r.MinAttendancePercent * r.Sessions || r.Sessions == 0)
            {
                reasons.Add($"kehadiran {percent:0.#}% < {r.MinAttendancePercent:0.#}%");
            }
            if (r.PostTestScore is null)
            {
                reasons.Add("belum ada nilai post-test");
            }
            else if (r.PostTestScore < r.PassingScore)
            {
                reasons.Add($"nilai post-test {r.PostTestScore:0.#} < {r.PassingScore:0.#}");
            }
            reason = string.Join("; ", reasons);
        }
        return new RegistrationRow(r.Id, r.ParticipantId, r.BatchId, r.BatchNumber, r.ProgrammeCode, Nik.Mask(r.Nik), r.FullName, r.Category.ToCode(),
            r.ExpertiseField, r.AttendanceMode.ToCode(), r.InstitutionCode, r.InstitutionName, r.PreTestScore, r.PostTestScore, r.Present, r.Sessions,
            percent, completed, Completion.IsHighPerforming(r.Present, r.Sessions, r.PostTestScore, r.MinAttendancePercent, r.PassingScore, r.HighPerformanceScore),
            reason, r.Version, r.Certificates);
    }
}
