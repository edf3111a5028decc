using FluentValidation;
using K3Competency.Application.Auditing;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Registrations;

/// <summary>What the form shows once a NIK is typed: the hint derived from the NIK, and the person if known.</summary>
public sealed record NikLookup(bool Valid, string? Error, DateOnly? BirthDate, string? Gender, string? ProvinceCode, string? ProvinceName,
    KnownPerson? Person);

public sealed record KnownPerson(long Id, string FullName, string? Email, string? Phone, string? Employer);

public sealed record Registered(long RegistrationId, long ParticipantId, bool NewPerson);

/// <summary>Registration of one participant in a batch through the form (bulk registration is the import's).</summary>
public sealed class RegistrationService(K3DbContext db, IValidator<RegistrationInput> validator, TimeProvider time)
{
    public async Task<NikLookup> LookupAsync(string? nikText, Actor actor, CancellationToken ct)
    {
        var parsed = Nik.Parse(nikText, Today);
        if (!parsed.IsValid)
        {
            return new NikLookup(false, parsed.Error, null, null, null, null, null);
        }
        var nik = parsed.Nik!.Value;
        KnownPerson? person = null;
        if (actor.IsStaffOrAdmin)
        {
            person = await db.Participants.AsNoTracking().Where(p => p.Nik == nik.Value)
                .Select(p => new KnownPerson(p.Id, p.FullName, p.Email, p.Phone, p.Employer)).SingleOrDefaultAsync(ct);
        }
        return new NikLookup(true, null, nik.BirthDate, nik.Gender.ToCode(), nik.ProvinceCode, Provinces.NameOf(nik.ProvinceCode), person);
    }

    public async Task<ServiceResult<Registered>> RegisterAsync(int batchId, RegistrationInput input, Actor actor, CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin)
        {
            return ServiceResult<Registered>.Fail(Failure.Forbidden, "", "Hanya Staf Direktorat dan Admin yang dapat mendaftarkan peserta.");
        }
        var batch = await db.Batches.AsNoTracking().Where(b => b.Id == batchId)
            .Select(b => new { b.Id, b.Capacity, Partners = b.Partners.Select(p => new { p.InstitutionId, p.Institution!.Code }).ToList() })
            .SingleOrDefaultAsync(ct);
        if (batch is null)
        {
            return ServiceResult<Registered>.Fail(Failure.NotFound, "", "Angkatan tidak ditemukan.");
        }
        var check = await validator.ValidateAsync(input, ct);
        if (!check.IsValid)
        {
            return ServiceResult<Registered>.From(check);
        }
        int? institutionId = null;
        if (!string.IsNullOrWhiteSpace(input.InstitutionCode))
        {
            var partner = batch.Partners.FirstOrDefault(p => string.Equals(p.Code, input.InstitutionCode.Trim(), StringComparison.OrdinalIgnoreCase));
            if (partner is null)
            {
                return ServiceResult<Registered>.Fail(Failure.Validation, "institutionCode", $"Lembaga {input.InstitutionCode} bukan mitra angkatan ini; pilih salah satu lembaga mitra.");
            }
            institutionId = partner.InstitutionId;
        }

        var nik = Nik.Parse(input.Nik, Today).Nik!.Value;
        await using var tx = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct);
        // Serialise registrations of one batch so that the capacity check and the insert see the same count.
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM batches WHERE id = {batchId} FOR UPDATE", ct);
        var existing = await db.Registrations.AsNoTracking().Where(r => r.BatchId == batchId && r.Participant!.Nik == nik.Value)
            .Select(r => new Registered(r.Id, r.ParticipantId, false)).SingleOrDefaultAsync(ct);
        if (existing is not null)
        {
            // The value names the first registration, so the form can link to it.
            return new ServiceResult<Registered>(existing, Failure.Conflict,
                new Dictionary<string, string[]> { ["nik"] = ["Peserta dengan NIK ini sudah terdaftar di angkatan ini."] });
        }
        // Cancelled registrations free their place.
        if (batch.Capacity is int capacity && await db.Registrations.CountAsync(r => r.BatchId == batchId && r.CancelledAt == null, ct) >= capacity)
        {
            return ServiceResult<Registered>.Fail(Failure.Conflict, "",
                $"Kapasitas angkatan ({Formats.Number(capacity)} peserta) sudah penuh. Naikkan kapasitas angkatan lebih dulu bila peserta ini tetap perlu didaftarkan.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        // The person is shared by every batch, and the same new NIK may be registered in two batches at the same
        // moment (each holding only its own batch's lock): insert-or-nothing waits for the other transaction
        // instead of failing on the unique NIK, and both go on with the one row.
        var newPerson = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO participants (nik, full_name, gender, birth_date, province_code, created_at, updated_at)
            VALUES ({nik.Value}, {input.FullName.Trim()}, {nik.Gender.ToCode()}, {nik.BirthDate}, {nik.ProvinceCode}, {now}, {now})
            ON CONFLICT (nik) DO NOTHING
            """, ct) == 1;
        var person = await db.Participants.SingleAsync(p => p.Nik == nik.Value, ct);
        person.FullName = input.FullName.Trim();
        person.Email = Clean(input.Email);
        person.Phone = Phone.TryNormalize(input.Phone, out var phone) ? phone : person.Phone;
        person.ProvinceCode = Provinces.Find(input.Province)?.Code ?? nik.ProvinceCode;
        person.Employer = Clean(input.Employer) ?? person.Employer;
        person.UpdatedAt = now;

        var category = Codes.Parse<ParticipantCategory>(input.Category);
        var registration = new Registration
        {
            BatchId = batchId,
            Participant = person,
            Category = category,
            ExpertiseField = RegistrationRules.Expertise(category, input.ExpertiseField, out var field) is null ? field : null,
            LicenseNumber = Clean(input.LicenseNumber),
            AttendanceMode = Codes.TryParse<AttendanceMode>(input.AttendanceMode, out var mode) ? mode : AttendanceMode.Luring,
            InstitutionId = institutionId,
            RegisteredBy = actor.UserId,
            RegisteredAt = now,
            UpdatedAt = now,
        };
        db.Registrations.Add(registration);
        await db.SaveChangesAsync(ct);
        Audit.Add(db, actor, "registration.create", nameof(Registration), registration.Id, null, new
        {
            batchId,
            participantId = person.Id,
            nik = Nik.Mask(person.Nik),
            category = category.ToCode(),
            registration.ExpertiseField,
            institutionId,
        }, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<Registered>.Ok(new Registered(registration.Id, person.Id, newPerson));
    }

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
