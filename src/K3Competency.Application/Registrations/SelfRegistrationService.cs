using System.Data.Common;
using FluentValidation;
using K3Competency.Application.Auditing;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Application.Mail;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace K3Competency.Application.Registrations;

/// <summary>What the public form shows of a batch: what it is, whether it takes registrations, and its partner institutions.</summary>
public sealed record PublicBatch(int Id, string ProgrammeName, int Number, DateOnly StartDate, DateOnly EndDate, string? Venue,
    BatchStatus Status, IReadOnlyList<PublicPartner> Partners)
{
    public bool Open => Status == BatchStatus.RegistrationOpen;

    /// <summary>Why the form is closed, with the dates a person can plan by.</summary>
    public string ClosedMessage => Status == BatchStatus.Planned
        ? $"Pendaftaran angkatan ini belum dibuka. Angkatan dimulai {Formats.LongDate(StartDate)}; silakan kembali saat pendaftaran dibuka."
        : $"Pendaftaran angkatan ini sudah ditutup (angkatan dimulai {Formats.LongDate(StartDate)}).";
}

public sealed record PublicPartner(string Code, string Name);

/// <summary>The one answer the public form and API give to every accepted application (DESIGN §10.4).</summary>
public sealed record SelfRegistrationAnswer(string Message)
{
    public static readonly SelfRegistrationAnswer Accepted = new("Pendaftaran diterima; periksa e-mail Anda.");
}

/// <summary>
/// Self-registration on the public form (DESIGN §10.4). The answer is the same whether the NIK is new, known, or
/// already in the batch; only the mail, sent to the address typed in, says which. A known person's record is never
/// changed by the form (anyone can type a NIK): the typed address is kept on the registration for the decision mails.
/// </summary>
public sealed class SelfRegistrationService(K3DbContext db, IValidator<RegistrationInput> validator, MailQueue mail, TimeProvider time)
{
    /// <summary>Who writes a self-registration in the audit: nobody signed in.</summary>
    public static readonly Actor Applicant = new("public", "Pendaftar mandiri", "", null);

    public async Task<ServiceResult<PublicBatch>> BatchAsync(int batchId, CancellationToken ct)
    {
        var batch = await db.Batches.AsNoTracking().Where(b => b.Id == batchId)
            .Select(b => new PublicBatch(b.Id, b.Programme!.Name, b.Number, b.StartDate, b.EndDate, b.Venue, b.Status,
                b.Partners.OrderBy(p => p.Institution!.Name).Select(p => new PublicPartner(p.Institution!.Code, p.Institution.Name)).ToList()))
            .SingleOrDefaultAsync(ct);
        return batch is null
            ? ServiceResult<PublicBatch>.Fail(Failure.NotFound, "", "Angkatan tidak ditemukan; periksa tautan pendaftaran Anda.")
            : ServiceResult<PublicBatch>.Ok(batch);
    }

    /// <summary>
    /// Takes an application. Bad input is refused with what to fix; a filled honeypot gets the same answer and
    /// nothing happens. Otherwise the registration (MENUNGGU) and its mail commit together.
    /// </summary>
    public async Task<ServiceResult<SelfRegistrationAnswer>> ApplyAsync(int batchId, RegistrationInput input, bool honeypot, CancellationToken ct)
    {
        var found = await BatchAsync(batchId, ct);
        if (!found.Succeeded)
        {
            return found.As<SelfRegistrationAnswer>();
        }
        var batch = found.Value!;
        if (!batch.Open)
        {
            return ServiceResult<SelfRegistrationAnswer>.Fail(Failure.Conflict, "", batch.ClosedMessage);
        }
        var check = await validator.ValidateAsync(input, ct);
        if (string.IsNullOrWhiteSpace(input.Email))
        {
            check.Errors.Add(new FluentValidation.Results.ValidationFailure(nameof(RegistrationInput.Email),
                "Alamat e-mail wajib diisi; hasil pendaftaran dikirim ke alamat ini."));
        }
        if (!check.IsValid)
        {
            return ServiceResult<SelfRegistrationAnswer>.From(check);
        }
        var partners = await db.BatchInstitutions.AsNoTracking().Where(p => p.BatchId == batchId)
            .Select(p => new { p.InstitutionId, p.Institution!.Code }).ToListAsync(ct);
        var partner = RegistrationService.Partner(partners.Select(p => (p.InstitutionId, p.Code)), input.InstitutionCode);
        if (!partner.Succeeded)
        {
            return partner.As<SelfRegistrationAnswer>();
        }
        if (honeypot)
        {
            return ServiceResult<SelfRegistrationAnswer>.Ok(SelfRegistrationAnswer.Accepted);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var nik = Nik.Parse(input.Nik, DateOnly.FromDateTime(now)).Nik!.Value;
        var email = input.Email!.Trim();
        var category = Codes.Parse<ParticipantCategory>(input.Category);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var conn = db.Database.GetDbConnection();
        var dbTx = tx.GetDbTransaction();

        // ON CONFLICT keeps two forms with one new NIK, at the same moment, from failing: one inserts, the other reads.
        var participantId = await ScalarAsync(conn, dbTx, """
            INSERT INTO participants (nik, full_name, email, phone, gender, birth_date, province_code, employer, created_at, updated_at)
            VALUES (@nik, @name, @email, @phone, @gender, @birth, @province, @employer, @now, @now)
            ON CONFLICT (nik) DO NOTHING RETURNING id
            """, ct, ("nik", nik.Value), ("name", input.FullName.Trim()), ("email", email),
            ("phone", Phone.TryNormalize(input.Phone, out var phone) ? phone : null), ("gender", nik.Gender.ToCode()),
            ("birth", nik.BirthDate), ("province", Provinces.Find(input.Province)?.Code ?? nik.ProvinceCode),
            ("employer", RegistrationService.Clean(input.Employer)), ("now", now));
        var newPerson = participantId is not null;
        participantId ??= await ScalarAsync(conn, dbTx, "SELECT id FROM participants WHERE nik = @nik", ct, ("nik", nik.Value));

        var registrationId = await ScalarAsync(conn, dbTx, """
            INSERT INTO registrations (batch_id, participant_id, category, expertise_field, license_number, attendance_mode, institution_id,
                                       status, source, applicant_email, registered_by, registered_at, updated_at)
            VALUES (@batch, @participant, @category, @field, @license, @mode, @institution, 'MENUNGGU', 'SELF', @email, @by, @now, @now)
            ON CONFLICT (batch_id, participant_id) DO NOTHING RETURNING id
            """, ct, ("batch", batchId), ("participant", participantId!.Value), ("category", category.ToCode()),
            ("field", RegistrationRules.Expertise(category, input.ExpertiseField, out var field) is null ? field : null),
            ("license", RegistrationService.Clean(input.LicenseNumber)),
            ("mode", (Codes.TryParse<AttendanceMode>(input.AttendanceMode, out var mode) ? mode : AttendanceMode.Luring).ToCode()),
            ("institution", partner.Value), ("email", email), ("by", Applicant.UserId), ("now", now));

        using var outbox = await mail.OpenAsync(tx, ct);
        var name = input.FullName.Trim();
        if (registrationId is null)
        {
            await outbox.AddAsync(new OutgoingMail(email, name, SelfServiceMail.AlreadyRegistered(batch, name), []), ct);
        }
        else
        {
            Audit.Add(db, Applicant, "registration.self", nameof(Registration), registrationId, null, new
            {
                batchId, participantId, nik = Nik.Mask(nik.Value), category = category.ToCode(), newPerson, email = EmailMask.Mask(email),
            }, now);
            await db.SaveChangesAsync(ct);
            await outbox.AddAsync(new OutgoingMail(email, name, SelfServiceMail.Pending(batch, name), []), ct);
        }
        await tx.CommitAsync(ct);
        return ServiceResult<SelfRegistrationAnswer>.Ok(SelfRegistrationAnswer.Accepted);
    }

    private static async Task<long?> ScalarAsync(DbConnection conn, DbTransaction tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (n, v) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = n;
            p.Value = v ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return await cmd.ExecuteScalarAsync(ct) is long id ? id : null;
    }
}
