using K3Competency.Application.Auditing;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Application.Imports;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace K3Competency.Application.MeetingReports;

/// <summary>An uploaded meeting report as the review page shows it.</summary>
public sealed record MeetingReportUpload(long Id, int BatchId, int? SessionNumber, string FileName, DateTime CreatedAt, bool DryRun, bool Partial,
    bool Committed, int Inserted, int Updated, int Unchanged, int Rejected);

/// <summary>A link of a report name or e-mail to a registration (DESIGN §12 POST /batches/{id}/aliases).</summary>
public sealed record AliasInput(long RegistrationId, string? DisplayName, string? Email);

/// <summary>
/// What follows a meeting report (DESIGN §10.2): the review of a stored report as it would apply now, the link of an
/// unmatched person to a registration (an alias), and "terapkan ulang", the same stored report through the import
/// pipeline again. Every call checks the actor's role and institution itself.
/// </summary>
public sealed class MeetingReportService(K3DbContext db, ImportService imports, TimeProvider time)
{
    private const string NoAccess = "Hanya Staf Direktorat, Admin, dan admin lembaga mitra angkatan ini yang dapat mengelola laporan rapat daring.";

    /// <summary>The upload, when it is a meeting report the actor may see; null otherwise.</summary>
    public async Task<MeetingReportUpload?> FindAsync(long uploadId, Actor actor, CancellationToken ct)
    {
        if (!MayUpload(actor))
        {
            return null;
        }
        return await db.Uploads.AsNoTracking().VisibleTo(actor)
            .Where(u => u.Id == uploadId && u.Kind == UploadKind.MeetingReport)
            .Select(u => new MeetingReportUpload(u.Id, u.BatchId,
                db.Sessions.Where(s => s.Id == u.SessionId).Select(s => (int?)s.Number).FirstOrDefault(),
                u.FileName, u.CreatedAt, u.DryRun, u.Partial, u.Committed, u.Inserted, u.Updated, u.Unchanged, u.Rejected))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>The stored report as it would apply now (aliases linked since included); writes nothing, records nothing.</summary>
    public Task<ServiceResult<ImportReport>> ReviewAsync(MeetingReportUpload upload, Actor actor, CancellationToken ct) =>
        RunStoredAsync(upload, actor, dryRun: true, partial: upload.Partial, record: false, ct);

    /// <summary>"Terapkan ulang": the same stored report imported again, as a new upload.</summary>
    public Task<ServiceResult<ImportReport>> ReapplyAsync(MeetingReportUpload upload, Actor actor, bool partial, CancellationToken ct) =>
        RunStoredAsync(upload, actor, dryRun: false, partial, record: true, ct);

    private async Task<ServiceResult<ImportReport>> RunStoredAsync(MeetingReportUpload upload, Actor actor, bool dryRun, bool partial, bool record, CancellationToken ct)
    {
        if (upload.SessionNumber is not { } session)
        {
            return ServiceResult<ImportReport>.Fail(Failure.Conflict, "Sesi laporan ini sudah dihapus dari angkatan; unggah laporan untuk sesi yang ada.");
        }
        // Its own connection: the stored bytes stream into the import's spool while the import uses the context's.
        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT content FROM upload_files WHERE upload_id = @id", connection);
        command.Parameters.Add(new NpgsqlParameter<long>("id", upload.Id));
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        if (!await reader.ReadAsync(ct))
        {
            return ServiceResult<ImportReport>.Fail(Failure.Conflict, "Isi laporan ini tidak tersimpan; unggah laporannya lagi.");
        }
        await using var content = reader.GetStream(0);
        return await imports.ImportAsync(new ImportRequest(UploadKind.MeetingReport, upload.BatchId, upload.FileName, actor)
        {
            SessionNumber = session,
            DryRun = dryRun,
            Partial = partial,
            Record = record,
        }, content, ct);
    }

    /// <summary>
    /// Links a display name and/or an e-mail of a report to a registration of the batch, so the next report matches
    /// it (rule 3 of DESIGN §10.2). Linking what is already linked changes nothing; a name already linked to another
    /// participant of the batch is a conflict, since it would then match neither.
    /// </summary>
    public async Task<ServiceResult<long>> LinkAsync(int batchId, AliasInput input, Actor actor, CancellationToken ct)
    {
        if (!MayUpload(actor))
        {
            return ServiceResult<long>.Fail(Failure.Forbidden, "", NoAccess);
        }
        var batch = await db.Batches.AsNoTracking().Where(b => b.Id == batchId)
            .Select(b => new { b.Id, Partners = b.Partners.Select(p => p.InstitutionId).ToList() }).SingleOrDefaultAsync(ct);
        if (batch is null)
        {
            return ServiceResult<long>.Fail(Failure.NotFound, "", $"Angkatan {batchId} tidak ditemukan.");
        }
        if (actor.IsInstitutionAdmin && !batch.Partners.Contains(actor.InstitutionId!.Value))
        {
            return ServiceResult<long>.Fail(Failure.Forbidden, "", "Lembaga Anda bukan mitra angkatan ini.");
        }
        var registration = await db.Registrations.AsNoTracking().Where(r => r.Id == input.RegistrationId && r.BatchId == batchId)
            .Select(r => new { r.Id, r.ParticipantId, r.InstitutionId }).SingleOrDefaultAsync(ct);
        if (registration is null)
        {
            return ServiceResult<long>.Fail(Failure.Validation, "registrationId", "Keikutsertaan itu tidak ada di angkatan ini; pilih salah satu kandidat.");
        }
        if (actor.IsInstitutionAdmin && registration.InstitutionId != actor.InstitutionId)
        {
            return ServiceResult<long>.Fail(Failure.Forbidden, "registrationId", "Peserta ini terdaftar melalui lembaga lain; Anda hanya dapat menautkan peserta lembaga Anda.");
        }
        var name = Clean(input.DisplayName, FieldLengths.PersonName);
        var email = Clean(input.Email, FieldLengths.Email)?.ToLowerInvariant();
        if (name is null && email is null)
        {
            return ServiceResult<long>.Fail(Failure.Validation, "displayName", "Isi nama tampilan atau e-mail dari laporan rapat yang ditautkan.");
        }
        if (email is not null && !email.Contains('@', StringComparison.Ordinal))
        {
            return ServiceResult<long>.Fail(Failure.Validation, "email", $"\"{email}\" bukan alamat e-mail.");
        }
        var keys = new List<(string? Name, string? Email, string Key)>();
        if (email is not null)
        {
            keys.Add((null, email, email));
        }
        if (name is not null)
        {
            var key = await db.Database.SqlQuery<string?>($"SELECT k3_name_key({name}) AS \"Value\"").SingleAsync(ct);
            if (key is null)
            {
                return ServiceResult<long>.Fail(Failure.Validation, "displayName", $"Nama tampilan \"{name}\" tidak memuat nama yang dapat dicocokkan.");
            }
            keys.Add((name, null, key));
        }
        var keyValues = keys.Select(k => k.Key).ToList();
        var taken = await (from a in db.MeetingAliases
                           join r in db.Registrations on a.ParticipantId equals r.ParticipantId
                           where r.BatchId == batchId && keyValues.Contains(a.Key) && a.ParticipantId != registration.ParticipantId
                           select a.DisplayName ?? a.Email).FirstOrDefaultAsync(ct);
        if (taken is not null)
        {
            return ServiceResult<long>.Fail(Failure.Conflict, "displayName",
                $"\"{taken}\" sudah ditautkan ke peserta lain di angkatan ini. Bila tautan itu salah, hubungi Staf Direktorat.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        long id = 0;
        foreach (var (aliasName, aliasEmail, key) in keys)
        {
            var existing = await db.MeetingAliases.Where(a => a.Key == key && a.ParticipantId == registration.ParticipantId).Select(a => (long?)a.Id).SingleOrDefaultAsync(ct);
            if (existing is { } found)
            {
                id = found;
                continue;
            }
            var alias = new MeetingAlias
            {
                ParticipantId = registration.ParticipantId,
                BatchId = batchId,
                DisplayName = aliasName,
                Email = aliasEmail,
                Key = key,
                CreatedBy = actor.UserId,
                CreatedAt = now,
            };
            db.MeetingAliases.Add(alias);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // The same link made at the same moment by someone else: it is there, which is what was asked.
                db.ChangeTracker.Clear();
                id = await db.MeetingAliases.Where(a => a.Key == key && a.ParticipantId == registration.ParticipantId).Select(a => a.Id).SingleAsync(ct);
                continue;
            }
            Audit.Add(db, actor, "alias.link", nameof(Registration), registration.Id, null, new { batchId, displayName = aliasName, email = aliasEmail }, now);
            await db.SaveChangesAsync(ct);
            id = alias.Id;
        }
        return ServiceResult<long>.Ok(id);
    }

    private static bool MayUpload(Actor actor) => actor.IsStaffOrAdmin || (actor.IsInstitutionAdmin && actor.InstitutionId is not null);

    private static string? Clean(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim() is var t && t.Length > max ? t[..max] : text.Trim();
}
