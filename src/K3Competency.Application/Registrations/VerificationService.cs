using K3Competency.Application.Auditing;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Application.Mail;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Registrations;

/// <summary>Which registrations of a batch the queue shows; every filter is optional.</summary>
public sealed record QueueFilter(RegistrationStatus? Status = RegistrationStatus.Menunggu, ParticipantCategory? Category = null,
    string? InstitutionCode = null, string? ProvinceCode = null, DateOnly? Date = null);

/// <summary>A person's other registration, shown beside their application.</summary>
public sealed record QueueHistory(string ProgrammeCode, int Year, int BatchNumber, RegistrationStatus Status, string? CertificateNumber);

public sealed record QueueItem(long Id, long ParticipantId, string Nik, string FullName, string? Email, ParticipantCategory Category,
    string? ExpertiseField, string? InstitutionName, string ProvinceCode, RegistrationStatus Status, RegistrationSource Source,
    string? RejectionReason, DateTime CreatedAt, IReadOnlyList<QueueHistory> History);

public sealed record VerificationQueue(int BatchId, int BatchNumber, string ProgrammeCode, int? Capacity, int Approved, IReadOnlyList<QueueItem> Items)
{
    public int? Left => Capacity is int c ? Math.Max(0, c - Approved) : null;
}

public sealed record Decision(long RegistrationId, RegistrationStatus Status);

/// <summary>What a bulk decision did: how many were decided, and why the others were not.</summary>
public sealed record BulkDecision(int Decided, IReadOnlyList<string> Refused);

/// <summary>
/// The verification queue (DESIGN §10.4) for Staff and Admin: pending self-registrations with the person's history,
/// approved (while capacity lasts) or rejected with a reason, one by one or in bulk; each decision is audited and
/// mailed to the address the person registered with, in the same transaction.
/// </summary>
public sealed class VerificationService(K3DbContext db, RegistrationService registrations, MailQueue mail, TimeProvider time)
{
    public async Task<ServiceResult<VerificationQueue>> ListAsync(int batchId, QueueFilter filter, Actor actor, CancellationToken ct)
    {
        if (Refusal<VerificationQueue>(actor) is { } refused)
        {
            return refused;
        }
        var batch = await db.Batches.AsNoTracking().Where(b => b.Id == batchId)
            .Select(b => new { b.Number, b.Programme!.Code, b.Capacity }).SingleOrDefaultAsync(ct);
        if (batch is null)
        {
            return NotFound<VerificationQueue>();
        }
        var query = db.Registrations.AsNoTracking().Where(r => r.BatchId == batchId);
        if (filter.Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }
        if (filter.Category is { } category)
        {
            query = query.Where(r => r.Category == category);
        }
        if (!string.IsNullOrWhiteSpace(filter.InstitutionCode))
        {
            var code = filter.InstitutionCode.Trim().ToUpperInvariant();
            query = query.Where(r => r.Institution!.Code.ToUpper() == code);
        }
        if (!string.IsNullOrWhiteSpace(filter.ProvinceCode))
        {
            var province = filter.ProvinceCode.Trim();
            query = query.Where(r => r.Participant!.ProvinceCode == province);
        }
        if (filter.Date is { } date)
        {
            // The day as people in WIB saw it.
            var from = TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue), Formats.Wib);
            var to = from.AddDays(1);
            query = query.Where(r => r.RegisteredAt >= from && r.RegisteredAt < to);
        }
        var rows = await query.OrderBy(r => r.RegisteredAt).ThenBy(r => r.Id)
            .Select(r => new
            {
                r.Id, r.ParticipantId, r.Participant!.Nik, r.Participant.FullName, Email = r.ApplicantEmail ?? r.Participant.Email, r.Category,
                r.ExpertiseField, Institution = r.Institution!.Name, r.Participant.ProvinceCode, r.Status, r.Source, r.RejectionReason, r.RegisteredAt,
                History = r.Participant.Registrations.Where(o => o.Id != r.Id).OrderBy(o => o.Batch!.StartDate)
                    .Select(o => new QueueHistory(o.Batch!.Programme!.Code, o.Batch.Programme.Year, o.Batch.Number, o.Status,
                        db.Certificates.Where(c => c.RegistrationId == o.Id && c.RevokedAt == null).Select(c => c.Number).FirstOrDefault()))
                    .ToList(),
            })
            .ToListAsync(ct);
        var approved = await registrations.Approved(batchId).CountAsync(ct);
        var items = rows.Select(r => new QueueItem(r.Id, r.ParticipantId, actor.SeesFullNik ? r.Nik : Nik.Mask(r.Nik), r.FullName, r.Email, r.Category,
            r.ExpertiseField, r.Institution, r.ProvinceCode, r.Status, r.Source, r.RejectionReason, r.RegisteredAt, r.History)).ToList();
        return ServiceResult<VerificationQueue>.Ok(new VerificationQueue(batchId, batch.Number, batch.Code, batch.Capacity, approved, items));
    }

    public Task<ServiceResult<Decision>> ApproveAsync(long registrationId, Actor actor, string linkRoot, CancellationToken ct) =>
        DecideAsync(registrationId, RegistrationStatus.Diterima, null, actor, linkRoot, ct);

    public Task<ServiceResult<Decision>> RejectAsync(long registrationId, string? reason, Actor actor, string linkRoot, CancellationToken ct) =>
        DecideAsync(registrationId, RegistrationStatus.Ditolak, reason, actor, linkRoot, ct);

    /// <summary>One decision per registration, each in its own transaction, so one that capacity stops does not undo the others.</summary>
    public async Task<BulkDecision> DecideManyAsync(IReadOnlyList<long> registrationIds, bool approve, string? reason, Actor actor, string linkRoot,
        CancellationToken ct)
    {
        var decided = 0;
        var refused = new List<string>();
        foreach (var id in registrationIds.Distinct())
        {
            var result = await DecideAsync(id, approve ? RegistrationStatus.Diterima : RegistrationStatus.Ditolak, reason, actor, linkRoot, ct);
            if (result.Succeeded)
            {
                decided++;
            }
            else
            {
                refused.Add(result.Message);
            }
            db.ChangeTracker.Clear();
        }
        return new BulkDecision(decided, refused.Distinct().ToList());
    }

    private async Task<ServiceResult<Decision>> DecideAsync(long registrationId, RegistrationStatus decision, string? reason, Actor actor,
        string linkRoot, CancellationToken ct)
    {
        if (Refusal<Decision>(actor) is { } refused)
        {
            return refused;
        }
        reason = RegistrationService.Clean(reason);
        if (decision == RegistrationStatus.Ditolak && reason is null)
        {
            return ServiceResult<Decision>.Fail(Failure.Validation, "reason", "Alasan penolakan wajib diisi; alasan ini dikirim ke pendaftar.");
        }
        if (reason is { Length: > FieldLengths.Reason })
        {
            return ServiceResult<Decision>.Fail(Failure.Validation, "reason", $"Alasan paling banyak {FieldLengths.Reason} karakter.");
        }
        var batchId = await db.Registrations.Where(r => r.Id == registrationId).Select(r => (int?)r.BatchId).SingleOrDefaultAsync(ct);
        if (batchId is null)
        {
            return ServiceResult<Decision>.Fail(Failure.NotFound, "", "Pendaftaran tidak ditemukan.");
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Approvals of one batch take turns, so two staff approving the last place cannot both get it.
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM batches WHERE id = {batchId} FOR UPDATE", ct);
        var registration = await db.Registrations.Include(r => r.Participant).Include(r => r.Batch).ThenInclude(b => b!.Programme)
            .SingleAsync(r => r.Id == registrationId, ct);
        if (registration.Status == decision)
        {
            return ServiceResult<Decision>.Ok(new Decision(registrationId, decision));
        }
        if (registration.Status != RegistrationStatus.Menunggu)
        {
            return ServiceResult<Decision>.Fail(Failure.Conflict, "",
                $"Pendaftaran {registration.Participant!.FullName} sudah {DisplayNames.Of(registration.Status).ToLowerInvariant()}; hanya yang menunggu verifikasi dapat diputuskan.");
        }
        var batch = registration.Batch!;
        if (decision == RegistrationStatus.Diterima && batch.Capacity is int capacity && await registrations.Approved(batch.Id).CountAsync(ct) >= capacity)
        {
            return ServiceResult<Decision>.Fail(Failure.Conflict, "",
                $"Kapasitas angkatan ({capacity} peserta) sudah penuh; {registration.Participant!.FullName} tidak dapat diterima. Tambah kapasitas atau tolak pendaftarannya.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var before = new { status = registration.Status.ToCode() };
        registration.Status = decision;
        registration.RejectionReason = reason is not null && decision == RegistrationStatus.Ditolak ? reason : null;
        registration.DecidedBy = actor.UserId;
        registration.DecidedAt = now;
        registration.UpdatedAt = now;
        Audit.Add(db, actor, decision == RegistrationStatus.Diterima ? "registration.approve" : "registration.reject", nameof(Registration),
            registration.Id, before, new { status = decision.ToCode(), reason = registration.RejectionReason }, now);
        await db.SaveChangesAsync(ct);

        var person = registration.Participant!;
        var to = registration.ApplicantEmail ?? person.Email;
        using var outbox = await mail.OpenAsync(tx, ct);
        if (to is not null)
        {
            var publicBatch = new PublicBatch(batch.Id, batch.Programme!.Name, batch.Number, batch.StartDate, batch.EndDate, batch.Venue, batch.Status, []);
            var content = decision == RegistrationStatus.Diterima
                ? SelfServiceMail.Approved(publicBatch, person.FullName, $"{linkRoot}/saya")
                : SelfServiceMail.Rejected(publicBatch, person.FullName, reason!);
            await outbox.AddAsync(new OutgoingMail(to, person.FullName, content, []), ct);
        }
        await tx.CommitAsync(ct);
        return ServiceResult<Decision>.Ok(new Decision(registrationId, decision));
    }

    private static ServiceResult<T>? Refusal<T>(Actor actor) =>
        actor.IsStaffOrAdmin ? null : ServiceResult<T>.Fail(Failure.Forbidden, "", "Hanya Staf Direktorat dan Admin yang dapat memverifikasi pendaftaran.");

    private static ServiceResult<T> NotFound<T>() => ServiceResult<T>.Fail(Failure.NotFound, "", "Angkatan tidak ditemukan.");
}
