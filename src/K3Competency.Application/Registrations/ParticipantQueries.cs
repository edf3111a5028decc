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
    /// <summary>Why the list is empty when the search itself was refused; shown above the list.</summary>
    public string? Notice { get; init; }

    public int Pages => Paging.PageCount(Total, PageSize);
}

/// <summary>One registration with its attendance and completion (DESIGN §4), with the reason when not completed.</summary>
public sealed record RegistrationRow(
    long Id, long ParticipantId, int BatchId, int BatchNumber, string ProgrammeCode, string MaskedNik, string FullName, string Category,
    string? ExpertiseField, string AttendanceMode, string? InstitutionCode, string? InstitutionName, decimal? PreTest, decimal? PostTest,
    int Present, int Sessions, decimal AttendancePercent, bool Completed, bool HighPerforming, string? Reason, uint Version,
    IReadOnlyList<CertificateState> CertificateHistory, DateTime? CancelledAt = null, string? CancellationReason = null)
{
    /// <summary>The numbers of the live (unrevoked) certificates: at most one.</summary>
    public IReadOnlyList<string> Certificates => [.. CertificateHistory.Where(c => c.RevokedAt is null).Select(c => c.Number)];

    public bool Cancelled => CancelledAt is not null;
}

/// <summary>A certificate of a registration, live or revoked (with when and why), for the correction page and the profile.</summary>
public sealed record CertificateState(string Number, string Code, DateTime IssuedAt, DateTime? RevokedAt, string? RevocationReason);

/// <summary>
/// A person as the actor may see them: with a masked NIK, no birth date and no gender (they are NIK digits
/// 7-12), only an age band.
/// </summary>
public sealed record ParticipantProfile(
    long Id, string Nik, bool NikIsMasked, string FullName, string? Email, string? Phone, string? Gender, DateOnly? BirthDate, string AgeBand,
    string ProvinceName, string? Employer, IReadOnlyList<RegistrationRow> History, string ProvinceCode = "");

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
        if (ListSearch.NikRefused(search.Query, actor))
        {
            return new Paged<ParticipantRow>([], 0, 1, search.PageSize) { Notice = ListSearch.NikNotice };
        }
        if (!string.IsNullOrWhiteSpace(search.Query))
        {
            var whole = ListSearch.WholeNik(search.Query);
            var pattern = ListSearch.Contains(search.Query);
            people = whole is not null
                ? people.Where(p => p.Nik == whole)
                : people.Where(p => EF.Functions.ILike(p.FullName, pattern));
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
        var size = Math.Clamp(search.PageSize, 10, 100);
        var page = Paging.Clamp(search.Page, total, size);
        var rows = await people.Skip((page - 1) * size).Take(size)
            .Select(p => new
            {
                p.Id,
                p.Nik,
                p.FullName,
                p.ProvinceCode,
                p.Employer,
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
        if (ListSearch.NikRefused(query, actor))
        {
            return new Paged<RegistrationRow>([], 0, 1, pageSize) { Notice = ListSearch.NikNotice };
        }
        var q = db.Registrations.AsNoTracking().VisibleTo(actor).Where(r => r.BatchId == batchId);
        if (!string.IsNullOrWhiteSpace(query))
        {
            var whole = ListSearch.WholeNik(query);
            var pattern = ListSearch.Contains(query);
            q = whole is not null
                ? q.Where(r => r.Participant!.Nik == whole)
                : q.Where(r => EF.Functions.ILike(r.Participant!.FullName, pattern));
        }
        var total = await q.CountAsync(ct);
        page = Paging.Clamp(page, total, pageSize);
        IOrderedQueryable<Registration> sorted = (sort, descending) switch
        {
            ("institution", false) => q.OrderBy(r => r.Institution!.Name),
            ("institution", true) => q.OrderByDescending(r => r.Institution!.Name),
            ("attendance", false) => q.OrderBy(r => r.Outcome!.PresentSessions),
            ("attendance", true) => q.OrderByDescending(r => r.Outcome!.PresentSessions),
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
        var full = actor.SeesFullNik;
        return new ParticipantProfile(person.Id, actor.NikAsSeen(person.Nik), !full, person.FullName,
            person.Email, person.Phone, full ? person.Gender.ToCode() : null, full ? person.BirthDate : null,
            AgeBand.Of(person.BirthDate, DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(time.GetUtcNow().UtcDateTime, Formats.Wib))),
            Provinces.NameOf(person.ProvinceCode), person.Employer, history, person.ProvinceCode);
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
        decimal? PostTestScore, uint Version, int PresentSessions, int Sessions, decimal AttendancePercent, bool AttendanceMet, bool PassingScoreMet,
        bool Completed, bool HighPerforming, decimal MinAttendancePercent, decimal PassingScore, DateTime? CancelledAt, string? CancellationReason,
        List<CertificateState> Certificates);

    /// <summary>The registrations with what the rule of DESIGN §4 (the view registration_outcomes) makes of them.</summary>
    private IQueryable<Projected> Project(IQueryable<Registration> q) =>
        q.Select(r => new Projected(
            r.Id, r.ParticipantId, r.BatchId, r.Batch!.Number, r.Batch.Programme!.Code, r.Participant!.Nik, r.Participant.FullName,
            r.Category, r.ExpertiseField, r.AttendanceMode, r.Institution != null ? r.Institution.Code : null,
            r.Institution != null ? r.Institution.Name : null, r.PreTestScore, r.PostTestScore, r.Version,
            r.Outcome!.PresentSessions, r.Outcome.Sessions, r.Outcome.AttendancePercent, r.Outcome.AttendanceMet, r.Outcome.PassingScoreMet,
            r.Outcome.Completed, r.Outcome.HighPerforming, r.Outcome.MinAttendancePercent, r.Outcome.PassingScore,
            r.CancelledAt, r.CancellationReason,
            db.Certificates.Where(c => c.RegistrationId == r.Id).OrderBy(c => c.Sequence)
                .Select(c => new CertificateState(c.Number, c.VerificationCode, c.IssuedAt, c.RevokedAt, c.RevocationReason)).ToList()));

    private static RegistrationRow ToRow(Projected r)
    {
        var reason = CompletionReason(r.CancelledAt is not null, r.Completed, r.AttendanceMet, r.AttendancePercent, r.MinAttendancePercent,
            r.PostTestScore, r.PassingScoreMet, r.PassingScore);
        return new RegistrationRow(r.Id, r.ParticipantId, r.BatchId, r.BatchNumber, r.ProgrammeCode, Nik.Mask(r.Nik), r.FullName, r.Category.ToCode(),
            r.ExpertiseField, r.AttendanceMode.ToCode(), r.InstitutionCode, r.InstitutionName, r.PreTestScore, r.PostTestScore, r.PresentSessions,
            r.Sessions, r.AttendancePercent, r.Completed, r.HighPerforming, reason, r.Version, r.Certificates, r.CancelledAt, r.CancellationReason);
    }

    /// <summary>Why a registration is not Lulus, from what registration_outcomes says of it; null when it is.</summary>
    internal static string? CompletionReason(bool cancelled, bool completed, bool attendanceMet, decimal attendancePercent,
        decimal minAttendancePercent, decimal? postTest, bool passingScoreMet, decimal passingScore)
    {
        if (cancelled)
        {
            return "keikutsertaan dibatalkan";
        }
        if (completed)
        {
            return null;
        }
        var reasons = new List<string>();
        if (!attendanceMet)
        {
            reasons.Add($"kehadiran {attendancePercent:0.#}% < {minAttendancePercent:0.#}%");
        }
        if (postTest is null)
        {
            reasons.Add("belum ada nilai post-test");
        }
        else if (!passingScoreMet)
        {
            reasons.Add($"nilai post-test {postTest:0.#} < {passingScore:0.#}");
        }
        return string.Join("; ", reasons);
    }
}
