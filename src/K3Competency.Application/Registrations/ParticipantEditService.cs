using FluentValidation;
using K3Competency.Application.Auditing;
using K3Competency.Application.Certificates;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Registrations;

/// <summary>
/// A correction of a person (DESIGN §12 PATCH): a null field is left as it is; an empty e-mail, phone or employer
/// clears it. The NIK only by Admin, with <see cref="Reason"/>. <see cref="RevokeCertificates"/> with
/// <see cref="Reason"/> confirms revoking (and reissuing) certificates that name the old name.
/// </summary>
public sealed record ParticipantEdit(
    string? FullName = null, string? Email = null, string? Phone = null, string? Employer = null, string? ProvinceCode = null,
    string? Nik = null, bool RevokeCertificates = false, string? Reason = null);

/// <summary>The person after the edit, and the certificates revoked and reissued with it.</summary>
public sealed record ParticipantEdited(long Id, string FullName, string? Email, string? Phone, string? Employer, string ProvinceCode,
    IReadOnlyList<string> Revoked, IReadOnlyList<string> Reissued);

public sealed class ParticipantEditValidator : AbstractValidator<ParticipantEdit>
{
    public ParticipantEditValidator()
    {
        RuleFor(x => x.FullName).PersonName().When(x => x.FullName is not null);
        RuleFor(x => x.Email).Email().When(x => !string.IsNullOrWhiteSpace(x.Email));
        RuleFor(x => x.Phone).OptionalPhone();
        RuleFor(x => x.Employer).Employer();
        RuleFor(x => x.ProvinceCode).OptionalProvince();
        RuleFor(x => x.Reason).MaximumLength(FieldLengths.Reason).WithMessage($"Alasan paling banyak {FieldLengths.Reason} karakter; persingkat alasannya.");
    }
}

/// <summary>
/// Edits a participant (Staff, Admin; the NIK only Admin, with a reason), audited. A change that makes a live
/// certificate untrue (a new name) is refused naming it, unless revocation is confirmed: then, in the same
/// transaction, it is revoked and a corrected certificate with a new number is issued.
/// </summary>
public sealed class ParticipantEditService(K3DbContext db, CertificateService certificates, CertificateStanding standing,
    IValidator<ParticipantEdit> validator, TimeProvider time)
{
    public async Task<ServiceResult<ParticipantEdited>> EditAsync(long participantId, ParticipantEdit edit, Actor actor, CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin)
        {
            return ServiceResult<ParticipantEdited>.Fail(Failure.Forbidden, "", "Hanya Staf Direktorat dan Admin yang dapat mengubah data peserta.");
        }
        var validation = await validator.ValidateAsync(edit, ct);
        if (!validation.IsValid)
        {
            return ServiceResult<ParticipantEdited>.From(validation);
        }
        var person = await db.Participants.SingleOrDefaultAsync(p => p.Id == participantId, ct);
        if (person is null)
        {
            return ServiceResult<ParticipantEdited>.Fail(Failure.NotFound, "", "Peserta tidak ditemukan.");
        }
        var reason = edit.Reason?.Trim();
        var now = time.GetUtcNow().UtcDateTime;
        var before = Snapshot(person);

        if (edit.Nik is not null && edit.Nik.Trim() != person.Nik)
        {
            if (!actor.IsAdmin)
            {
                return ServiceResult<ParticipantEdited>.Fail(Failure.Forbidden, "nik", "Hanya Admin yang dapat mengubah NIK peserta.");
            }
            if (string.IsNullOrEmpty(reason))
            {
                return ServiceResult<ParticipantEdited>.Fail(Failure.Validation, "reason", "Alasan perubahan NIK wajib diisi.");
            }
            var parsed = Domain.Rules.Nik.Parse(edit.Nik, DateOnly.FromDateTime(now));
            if (parsed.Nik is not { } nik)
            {
                return ServiceResult<ParticipantEdited>.Fail(Failure.Validation, "nik", parsed.Error!);
            }
            if (await db.Participants.AnyAsync(p => p.Nik == nik.Value && p.Id != participantId, ct))
            {
                return ServiceResult<ParticipantEdited>.Fail(Failure.Conflict, "nik", "NIK itu sudah dipakai peserta lain; periksa kembali NIK-nya.");
            }
            person.Nik = nik.Value;
            person.BirthDate = nik.BirthDate;
            person.Gender = nik.Gender;
        }
        if (edit.FullName is not null)
        {
            person.FullName = edit.FullName.Trim();
        }
        if (edit.Email is not null)
        {
            person.Email = Clean(edit.Email);
        }
        if (edit.Phone is not null)
        {
            person.Phone = Domain.Rules.Phone.TryNormalize(edit.Phone, out var phone) ? phone : null;
        }
        if (edit.Employer is not null)
        {
            person.Employer = Clean(edit.Employer);
        }
        if (!string.IsNullOrWhiteSpace(edit.ProvinceCode))
        {
            person.ProvinceCode = Provinces.Find(edit.ProvinceCode)!.Code;
        }
        string? revokeWith = null;
        if (edit.RevokeCertificates)
        {
            revokeWith = CertificateService.CheckReason(reason, out var reasonError);
            if (reasonError is not null)
            {
                return ServiceResult<ParticipantEdited>.Fail(Failure.Validation, "reason", reasonError);
            }
        }
        person.UpdatedAt = now;
        Audit.Add(db, actor, "participant.edit", nameof(Participant), participantId, before, new { after = Snapshot(person), reason }, now);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            return ServiceResult<ParticipantEdited>.Fail(Failure.Conflict, "", "Data peserta ini baru saja diubah oleh pengguna lain; muat ulang lalu coba lagi.");
        }
        var registrations = await db.Registrations.Where(r => r.ParticipantId == participantId).Select(r => r.Id).ToListAsync(ct);
        var untrue = await standing.UntrueAsync(registrations, ct);
        var settled = await certificates.SettleWithinAsync(untrue, revokeWith, actor, now, CertificateStanding.Refusal, ct);
        if (!settled.Succeeded)
        {
            await tx.RollbackAsync(ct);
            return settled.As<ParticipantEdited>();
        }
        await tx.CommitAsync(ct);
        return ServiceResult<ParticipantEdited>.Ok(new ParticipantEdited(person.Id, person.FullName, person.Email, person.Phone, person.Employer,
            person.ProvinceCode, settled.Value!.Revoked, settled.Value.Reissued));
    }

    // The NIK masked: never a whole NIK in the audit log.
    private static object Snapshot(Participant p) =>
        new { nik = Domain.Rules.Nik.Mask(p.Nik), p.FullName, p.Email, p.Phone, p.Employer, p.ProvinceCode };

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
