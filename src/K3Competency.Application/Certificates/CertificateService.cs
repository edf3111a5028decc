using System.Runtime.CompilerServices;
using K3Competency.Application.Auditing;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Application.Registrations;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace K3Competency.Application.Certificates;

/// <summary>
/// Issues, lists, revokes and verifies certificates (DESIGN §3, §4, §7). Pages and API endpoints call this;
/// the role checks live here so both get them.
/// </summary>
public sealed class CertificateService(K3DbContext db, TimeProvider time)
{
    private const int MaxIssueAttempts = 5;
    private const string VerificationCodeIndex = "ix_certificates_verification_code";

    // The completed registrations of one batch (DESIGN §4, every category: the view registration_outcomes), or of
    // those of its registrations in @only (a reissue after a correction).
    private const string CompletedCte = """
        WITH completed AS (
            SELECT o.registration_id AS id, pa.full_name, o.high_performing,
                   EXISTS (SELECT 1 FROM certificates c WHERE c.registration_id = o.registration_id AND c.revoked_at IS NULL) AS has_live
            FROM registration_outcomes o
            JOIN participants pa ON pa.id = o.participant_id
            WHERE o.batch_id = @batch AND o.completed AND (@only::bigint[] IS NULL OR o.registration_id = ANY (@only))
        )
        """;

    // Locks the batch row so that two staff issuing at the same moment take turns: the second sees the first's
    // certificates once it gets the lock (READ COMMITTED takes a new snapshot per statement), so sequences stay
    // 1..n without gaps or repeats. NO KEY UPDATE, not UPDATE: imports inserting registrations (which take
    // KEY SHARE on the batch through the foreign key) are not blocked.
    private const string LockSql = """
        SELECT p.code || '/' || lpad(b.number::text, greatest(2, length(b.number::text)), '0') || '/'
        FROM batches b
        JOIN programmes p ON p.id = b.programme_id
        WHERE b.id = @batch
        FOR NO KEY UPDATE OF b
        """;

    private const string CountSql = CompletedCte + """
        SELECT (count(*) FILTER (WHERE NOT has_live))::int, (count(*) FILTER (WHERE has_live))::int FROM completed
        """;

    // Sequence numbers continue from the batch's highest (revoked certificates keep theirs), in name order;
    // each new row takes the verification code at its position in @codes.
    private const string InsertSql = CompletedCte + """
        INSERT INTO certificates (registration_id, batch_id, sequence, number, verification_code, issued_at, issued_by,
                                  holder_name, high_performing)
        SELECT n.id, @batch, n.seq, @prefix || lpad(n.seq::text, greatest(6, length(n.seq::text)), '0'), code.value, @now, @by,
               n.full_name, n.high_performing
        FROM (
            SELECT c.id, c.full_name, c.high_performing,
                   prev.seq + row_number() OVER (ORDER BY c.full_name, c.id) AS seq,
                   row_number() OVER (ORDER BY c.full_name, c.id) AS ord
            FROM completed c
            CROSS JOIN (SELECT coalesce(max(sequence), 0) AS seq FROM certificates WHERE batch_id = @batch) prev
            WHERE NOT c.has_live
        ) n
        JOIN unnest(@codes::text[]) WITH ORDINALITY AS code(value, ord) ON code.ord = n.ord
        """;

    /// <summary>
    /// One certificate for every completed registration of the batch that has no live one. Idempotent: a second
    /// call issues nothing; after a revocation it issues a new certificate with the next number.
    /// </summary>
    public async Task<ServiceResult<IssueResult>> IssueForBatchAsync(int batchId, Actor actor, CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin)
        {
            return StaffOrAdminOnly<IssueResult>("menerbitkan sertifikat");
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryIssueAsync(batchId, actor, ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation
                                              && e.ConstraintName == VerificationCodeIndex && attempt < MaxIssueAttempts)
            {
                // A new code equal to a stored one (about 1 in 10^17 per pair): the transaction rolled back,
                // so try again with fresh codes.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<ServiceResult<IssueResult>> TryIssueAsync(int batchId, Actor actor, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var result = await IssueWithinAsync(batchId, null, actor, now, ct);
        if (result is null)
        {
            return BatchNotFound<IssueResult>();
        }
        Audit.Add(db, actor, "certificates.issue", "Batch", batchId, null, result, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<IssueResult>.Ok(result);
    }

    /// <summary>
    /// Issues, in the caller's open transaction, a certificate to every completed registration of the batch without a
    /// live one (or only to those in <paramref name="only"/>); null when the batch does not exist.
    /// </summary>
    private async Task<IssueResult?> IssueWithinAsync(int batchId, long[]? only, Actor actor, DateTime now, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();

        string? prefix;
        await using (var lockBatch = new NpgsqlCommand(LockSql, connection, transaction))
        {
            lockBatch.Parameters.AddWithValue("batch", batchId);
            prefix = await lockBatch.ExecuteScalarAsync(ct) as string;
        }
        if (prefix is null)
        {
            return null;
        }

        int toIssue, alreadyIssued;
        await using (var count = new NpgsqlCommand(CountSql, connection, transaction))
        {
            count.Parameters.AddWithValue("batch", batchId);
            count.Parameters.Add(Only(only));
            await using var reader = await count.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            toIssue = reader.GetInt32(0);
            alreadyIssued = reader.GetInt32(1);
        }

        var issued = 0;
        if (toIssue > 0)
        {
            await using var insert = new NpgsqlCommand(InsertSql, connection, transaction);
            insert.Parameters.AddWithValue("batch", batchId);
            insert.Parameters.Add(Only(only));
            insert.Parameters.AddWithValue("prefix", prefix);
            insert.Parameters.AddWithValue("codes", VerificationCode.NewBatch(toIssue));
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("by", actor.UserId);
            issued = await insert.ExecuteNonQueryAsync(ct);
        }
        return new IssueResult(issued, alreadyIssued);
    }

    private static NpgsqlParameter Only(long[]? only) =>
        new("only", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)only ?? DBNull.Value };

    /// <summary>
    /// The one way a writer settles the certificates its change makes untrue, inside its open transaction, after writing:
    /// none, go on; no confirmed <paramref name="reason"/>, refused (Conflict, <paramref name="refusal"/> naming them, under
    /// <paramref name="field"/>) and the caller rolls back; confirmed by Staff/Admin, revoked and reissued where the
    /// registration still completes. Only Staff and Admin revoke.
    /// </summary>
    internal async Task<ServiceResult<Settlement>> SettleWithinAsync(IReadOnlyList<UntrueCertificate> untrue, string? reason, Actor actor, DateTime now,
        Func<IReadOnlyList<UntrueCertificate>, string> refusal, CancellationToken ct, string field = "")
    {
        if (untrue.Count == 0)
        {
            return ServiceResult<Settlement>.Ok(Settlement.None);
        }
        if (reason is null)
        {
            return ServiceResult<Settlement>.Fail(Failure.Conflict, field, refusal(untrue));
        }
        if (!actor.IsStaffOrAdmin)
        {
            return ServiceResult<Settlement>.Fail(Failure.Forbidden, "",
                "Hanya Staf Direktorat dan Admin yang dapat mencabut sertifikat; minta Staf Direktorat untuk melakukan koreksi ini.");
        }
        var reissued = await RevokeAndReissueWithinAsync(untrue, reason, actor, now, ct);
        await db.SaveChangesAsync(ct);
        return ServiceResult<Settlement>.Ok(new Settlement([.. untrue.Select(u => u.Number)], reissued));
    }

    /// <summary>
    /// Revokes, in the caller's open transaction, certificates that a correction makes untrue, with the same reason
    /// for each, and issues a corrected certificate (a new number) to each registration that still completes. The
    /// caller has written the correction and saves the audit entries with its own.
    /// </summary>
    internal async Task<IReadOnlyList<string>> RevokeAndReissueWithinAsync(IReadOnlyList<UntrueCertificate> untrue, string reason, Actor actor,
        DateTime now, CancellationToken ct)
    {
        var ids = untrue.Select(u => u.CertificateId).ToList();
        var certificates = await db.Certificates.Where(c => ids.Contains(c.Id) && c.RevokedAt == null).ToListAsync(ct);
        foreach (var certificate in certificates)
        {
            var before = Snapshot(certificate);
            certificate.RevokedAt = now;
            certificate.RevokedBy = actor.UserId;
            certificate.RevocationReason = reason;
            Audit.Add(db, actor, "certificates.revoke", "Certificate", certificate.Id, before, Snapshot(certificate), now);
        }
        await db.SaveChangesAsync(ct);
        foreach (var batch in untrue.Where(u => u.StillCompletes).GroupBy(u => u.BatchId))
        {
            var registrations = batch.Select(u => u.RegistrationId).Distinct().ToArray();
            await IssueWithinAsync(batch.Key, registrations, actor, now, ct);
            Audit.Add(db, actor, "certificates.reissue", "Batch", batch.Key, null, new { registrations }, now);
        }
        var registrationIds = untrue.Select(u => u.RegistrationId).ToList();
        return await db.Certificates.AsNoTracking()
            .Where(c => registrationIds.Contains(c.RegistrationId) && c.RevokedAt == null && !ids.Contains(c.Id))
            .OrderBy(c => c.Number).Select(c => c.Number).ToListAsync(ct);
    }

    /// <summary>A revocation reason as stored, or the message saying what to fix.</summary>
    internal static string? CheckReason(string? reason, out string? error)
    {
        var trimmed = reason?.Trim() ?? "";
        error = trimmed.Length == 0
            ? "Alasan pencabutan wajib diisi."
            : trimmed.Length > FieldLengths.Reason
                ? $"Alasan pencabutan paling banyak {FieldLengths.Reason} karakter; persingkat alasannya."
                : null;
        return error is null ? trimmed : null;
    }

    /// <summary>The batch's certificates in number order, revoked ones included.</summary>
    public async Task<ServiceResult<IReadOnlyList<CertificateListItem>>> ListForBatchAsync(int batchId, Actor actor, CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin)
        {
            return StaffOrAdminOnly<IReadOnlyList<CertificateListItem>>("melihat daftar sertifikat");
        }
        if (!await db.Batches.AnyAsync(b => b.Id == batchId, ct))
        {
            return BatchNotFound<IReadOnlyList<CertificateListItem>>();
        }
        return ServiceResult<IReadOnlyList<CertificateListItem>>.Ok(await Rows(db.Certificates.Where(c => c.BatchId == batchId))
            .OrderBy(x => x.Sequence)
            .Select(x => new CertificateListItem(x.Number, x.Code, x.ParticipantName, x.IssuedAt, x.RevokedAt,
                x.RevocationReason, x.HighPerforming, x.RegistrationId))
            .ToListAsync(ct));
    }

    /// <summary>The page size of the certificate list: bounded, so no address can ask for the whole batch at once.</summary>
    public const int ListPageSize = 50;

    /// <summary>
    /// One page of a batch's certificates (Staff/Admin): found by the name on the certificate, its number (any part) or
    /// the holder's whole NIK, sorted by number (default), name or issue date. Each order is served by an index that
    /// starts with the batch (ix_certificates_batch_id_*), so a page reads its rows in order instead of sorting the batch.
    /// </summary>
    public async Task<ServiceResult<Paged<CertificateListItem>>> PageForBatchAsync(int batchId, CertificateListQuery query, Actor actor,
        CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin)
        {
            return StaffOrAdminOnly<Paged<CertificateListItem>>("melihat daftar sertifikat");
        }
        if (!await db.Batches.AnyAsync(b => b.Id == batchId, ct))
        {
            return BatchNotFound<Paged<CertificateListItem>>();
        }
        if (ListSearch.NikRefused(query.Text, actor))
        {
            return ServiceResult<Paged<CertificateListItem>>.Ok(new([], 0, 1, ListPageSize) { Notice = ListSearch.NikNotice });
        }
        var q = db.Certificates.AsNoTracking().Where(c => c.BatchId == batchId);
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var whole = ListSearch.WholeNik(query.Text);
            var pattern = ListSearch.Contains(query.Text);
            q = whole is not null
                ? q.Where(c => c.Registration!.Participant!.Nik == whole)
                : q.Where(c => EF.Functions.ILike(c.HolderName, pattern) || EF.Functions.ILike(c.Number, pattern));
        }
        var total = await q.CountAsync(ct);
        var page = Paging.Clamp(query.Page, total, ListPageSize);
        // Within a batch the number follows the sequence, so "number" is the (batch_id, sequence) index.
        q = (query.Sort, query.Descending) switch
        {
            (CertificateListQuery.ByName, false) => q.OrderBy(c => c.HolderName).ThenBy(c => c.Id),
            (CertificateListQuery.ByName, true) => q.OrderByDescending(c => c.HolderName).ThenByDescending(c => c.Id),
            (CertificateListQuery.ByDate, false) => q.OrderBy(c => c.IssuedAt).ThenBy(c => c.Id),
            (CertificateListQuery.ByDate, true) => q.OrderByDescending(c => c.IssuedAt).ThenByDescending(c => c.Id),
            (_, true) => q.OrderByDescending(c => c.Sequence),
            _ => q.OrderBy(c => c.Sequence),
        };
        var items = await q.Skip((page - 1) * ListPageSize).Take(ListPageSize)
            .Select(c => new CertificateListItem(c.Number, c.VerificationCode, c.HolderName, c.IssuedAt, c.RevokedAt, c.RevocationReason,
                c.HighPerforming, c.RegistrationId))
            .ToListAsync(ct);
        return ServiceResult<Paged<CertificateListItem>>.Ok(new(items, total, page, ListPageSize));
    }

    /// <summary>Whether the batch holds a valid (unrevoked) certificate: something to send or download.</summary>
    public Task<bool> AnyLiveAsync(int batchId, CancellationToken ct) =>
        db.Certificates.AnyAsync(c => c.BatchId == batchId && c.RevokedAt == null, ct);

    /// <summary>Revokes a live certificate. It stays on record; the registration can then be issued a new one.</summary>
    public async Task<ServiceResult<RevokeResult>> RevokeAsync(string code, string reason, Actor actor, CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin)
        {
            return StaffOrAdminOnly<RevokeResult>("mencabut sertifikat");
        }
        if (CheckReason(reason, out var reasonError) is not { } trimmed)
        {
            return ServiceResult<RevokeResult>.Fail(Failure.Validation, "reason", reasonError!);
        }

        var normalized = VerificationCode.Normalize(code);
        var certificate = normalized is null ? null : await db.Certificates.SingleOrDefaultAsync(c => c.VerificationCode == normalized, ct);
        if (certificate is null)
        {
            return ServiceResult<RevokeResult>.Fail(Failure.NotFound, "Sertifikat dengan kode verifikasi itu tidak ditemukan; periksa kembali kodenya.");
        }
        if (certificate.RevokedAt is not null)
        {
            return ServiceResult<RevokeResult>.Fail(Failure.Conflict, $"Sertifikat {certificate.Number} sudah dicabut sebelumnya.");
        }

        var before = Snapshot(certificate);
        var now = time.GetUtcNow().UtcDateTime;
        certificate.RevokedAt = now;
        certificate.RevokedBy = actor.UserId;
        certificate.RevocationReason = trimmed;
        Audit.Add(db, actor, "certificates.revoke", "Certificate", certificate.Id, before, Snapshot(certificate), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceResult<RevokeResult>.Fail(Failure.Conflict,
                $"Sertifikat {certificate.Number} baru saja diubah pengguna lain; muat ulang halaman lalu periksa statusnya.");
        }
        return ServiceResult<RevokeResult>.Ok(new RevokeResult(certificate.Number, certificate.VerificationCode, now, trimmed));
    }

    /// <summary>
    /// Public check of a code (anyone, no login). Null for an unknown code. The code is matched
    /// case-insensitively and spaces or dashes are ignored.
    /// </summary>
    public async Task<CertificateVerification?> VerifyAsync(string code, CancellationToken ct)
    {
        var normalized = VerificationCode.Normalize(code);
        if (normalized is null)
        {
            return null;
        }
        var row = await db.Certificates.AsNoTracking()
            .Where(c => c.VerificationCode == normalized)
            .Select(c => new
            {
                c.Number,
                c.Registration!.Participant!.FullName,
                Programme = c.Registration.Batch!.Programme!.Name,
                ProgrammeCode = c.Registration.Batch.Programme.Code,
                Batch = c.Registration.Batch.Number,
                c.Registration.Batch.StartDate,
                c.Registration.Batch.EndDate,
                c.IssuedAt,
                c.RevokedAt,
                c.RevocationReason,
            })
            .SingleOrDefaultAsync(ct);
        return row is null
            ? null
            : new CertificateVerification(row.RevokedAt is null, row.Number, HolderName.Mask(row.FullName), row.Programme,
                row.ProgrammeCode, row.Batch, row.StartDate, row.EndDate, row.IssuedAt, row.RevokedAt, row.RevocationReason);
    }

    /// <summary>
    /// What the printable certificate shows, full name included; null for an unknown code. The caller decides
    /// who may download it (and whether a revoked one is still printed: the document says it is revoked).
    /// </summary>
    public async Task<CertificateDocument?> GetDocumentAsync(string code, CancellationToken ct)
    {
        var normalized = VerificationCode.Normalize(code);
        if (normalized is null)
        {
            return null;
        }
        var x = await Rows(db.Certificates.Where(c => c.VerificationCode == normalized)).SingleOrDefaultAsync(ct);
        return x is null ? null : Document(x, await CertificateImageService.ArtworkAsync(db, x.ProgrammeId, ct));
    }

    /// <summary>
    /// What a verifiable credential states about a certificate, with the holder's NIK (never written into the
    /// credential; its salted hash is). Null for an unknown code. The caller decides who may have it.
    /// </summary>
    public async Task<(CertificateDocument Document, string Nik)?> GetCredentialSourceAsync(string code, CancellationToken ct)
    {
        var normalized = VerificationCode.Normalize(code);
        if (normalized is null)
        {
            return null;
        }
        var x = await Rows(db.Certificates.Where(c => c.VerificationCode == normalized)).SingleOrDefaultAsync(ct);
        if (x is null)
        {
            return null;
        }
        var nik = await db.Registrations.AsNoTracking().Where(r => r.Id == x.RegistrationId).Select(r => r.Participant!.Nik).SingleAsync(ct);
        // A credential carries no images.
        return (Document(x, CertificateArtwork.Default), nik);
    }

    /// <summary>
    /// Checks who asks for a ZIP of a batch's valid certificates (DESIGN §11): Staff and Admin for the batch or one
    /// institution of it; an institution admin only for its own institution's registrations in a partner batch.
    /// </summary>
    public async Task<ServiceResult<CertificateArchive>> PrepareArchiveAsync(int batchId, string? institutionCode, Actor actor, CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin && !actor.IsInstitutionAdmin)
        {
            return ServiceResult<CertificateArchive>.Fail(Failure.Forbidden, "", "Hanya Staf Direktorat, Administrator atau admin lembaga mitra yang boleh mengunduh sertifikat.");
        }
        var batch = await db.Batches.AsNoTracking().Where(b => b.Id == batchId)
            .Select(b => new { b.Id, b.Number, b.ProgrammeId, ProgrammeCode = b.Programme!.Code, Visible = db.Batches.VisibleTo(actor).Any(v => v.Id == b.Id) })
            .SingleOrDefaultAsync(ct);
        if (batch is null)
        {
            return ServiceResult<CertificateArchive>.Fail(Failure.NotFound, "", "Angkatan tidak ditemukan; periksa kembali angkatan yang dipilih.");
        }
        if (!batch.Visible)
        {
            return ServiceResult<CertificateArchive>.Fail(Failure.Forbidden, "", "Lembaga Anda bukan mitra angkatan ini.");
        }

        int? institutionId = actor.IsInstitutionAdmin ? actor.InstitutionId : null;
        string? suffix = null;
        if (!string.IsNullOrWhiteSpace(institutionCode))
        {
            var code = institutionCode.Trim().ToUpperInvariant();
            var institution = await db.Institutions.AsNoTracking().Where(i => i.Code == code).Select(i => new { i.Id, i.Code }).SingleOrDefaultAsync(ct);
            if (institution is null)
            {
                return ServiceResult<CertificateArchive>.Fail(Failure.Validation, "institution", $"Lembaga dengan kode {code} tidak dikenal; periksa kode lembaganya.");
            }
            if (actor.IsInstitutionAdmin && institution.Id != actor.InstitutionId)
            {
                return ServiceResult<CertificateArchive>.Fail(Failure.Forbidden, "institution", "Admin lembaga hanya boleh mengunduh sertifikat peserta lembaganya sendiri.");
            }
            institutionId = institution.Id;
            suffix = institution.Code;
        }

        var count = await ArchiveCertificates(batchId, institutionId).CountAsync(ct);
        if (count == 0)
        {
            return ServiceResult<CertificateArchive>.Fail(Failure.NotFound, "",
                "Belum ada sertifikat yang berlaku untuk " + (institutionId is null ? "angkatan ini." : "peserta lembaga ini di angkatan ini."));
        }
        var name = $"sertifikat-{batch.ProgrammeCode}-angkatan-{batch.Number:D2}{(suffix is null ? "" : "-" + suffix)}.zip";
        return ServiceResult<CertificateArchive>.Ok(new CertificateArchive(batchId, batch.ProgrammeId, institutionId, name, count));
    }

    /// <summary>
    /// The valid certificates of a prepared archive in number order, read one row at a time from the database so
    /// that a batch of thousands never sits in memory; the images are loaded once for all of them.
    /// </summary>
    public async IAsyncEnumerable<CertificateDocument> ArchiveDocumentsAsync(CertificateArchive archive, [EnumeratorCancellation] CancellationToken ct)
    {
        var artwork = await CertificateImageService.ArtworkAsync(db, archive.ProgrammeId, ct);
        await foreach (var row in Rows(ArchiveCertificates(archive.BatchId, archive.InstitutionId)).OrderBy(x => x.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return Document(row, artwork);
        }
    }

    private IQueryable<Certificate> ArchiveCertificates(int batchId, int? institutionId) =>
        db.Certificates.Where(c => c.BatchId == batchId && c.RevokedAt == null
                                   && (institutionId == null || c.Registration!.InstitutionId == institutionId));

    private static CertificateDocument Document(CertificateRow x, CertificateArtwork artwork) =>
        new(x.Number, x.Code, x.ProgrammeName, x.ProgrammeCode, x.Organizer, x.ParticipantName,
            x.Category, x.ExpertiseField, x.ExpertiseField is null ? null : Domain.Rules.ExpertiseFields.NameOf(x.ExpertiseField),
            x.BatchNumber, x.BatchStartDate, x.BatchEndDate, x.Mode, x.HighPerforming, x.IssuedAt,
            CertificateSignatory.Of(x.SignatoryName, x.SignatoryPosition, x.SignatoryNip), x.RevokedAt, x.RevocationReason, artwork);

    // High performance as the view registration_outcomes has it now, so a corrected score shows at once.
    private static IQueryable<CertificateRow> Rows(IQueryable<Certificate> certificates) =>
        from c in certificates.AsNoTracking()
        let r = c.Registration!
        let b = r.Batch!
        let p = b.Programme!
        select new CertificateRow
        {
            Sequence = c.Sequence,
            Number = c.Number,
            Code = c.VerificationCode,
            RegistrationId = c.RegistrationId,
            ParticipantName = r.Participant!.FullName,
            Category = r.Category,
            ExpertiseField = r.ExpertiseField,
            ProgrammeName = p.Name,
            ProgrammeId = p.Id,
            ProgrammeCode = p.Code,
            Organizer = p.Organizer,
            SignatoryName = p.SignatoryName,
            SignatoryPosition = p.SignatoryPosition,
            SignatoryNip = p.SignatoryNip,
            BatchNumber = b.Number,
            BatchStartDate = b.StartDate,
            BatchEndDate = b.EndDate,
            Mode = b.Mode,
            IssuedAt = c.IssuedAt,
            RevokedAt = c.RevokedAt,
            RevocationReason = c.RevocationReason,
            HighPerforming = r.Outcome!.HighPerforming,
        };

    private sealed class CertificateRow
    {
        public int Sequence { get; init; }
        public string Number { get; init; } = "";
        public string Code { get; init; } = "";
        public long RegistrationId { get; init; }
        public string ParticipantName { get; init; } = "";
        public ParticipantCategory Category { get; init; }
        public string? ExpertiseField { get; init; }
        public string ProgrammeName { get; init; } = "";
        public int ProgrammeId { get; init; }
        public string ProgrammeCode { get; init; } = "";
        public string Organizer { get; init; } = "";
        public string? SignatoryName { get; init; }
        public string? SignatoryPosition { get; init; }
        public string? SignatoryNip { get; init; }
        public int BatchNumber { get; init; }
        public DateOnly BatchStartDate { get; init; }
        public DateOnly BatchEndDate { get; init; }
        public BatchMode Mode { get; init; }
        public DateTime IssuedAt { get; init; }
        public DateTime? RevokedAt { get; init; }
        public string? RevocationReason { get; init; }
        public bool HighPerforming { get; init; }
    }

    private static object Snapshot(Certificate c) =>
        new { c.Number, c.RegistrationId, c.RevokedAt, c.RevokedBy, c.RevocationReason };

    private static ServiceResult<T> StaffOrAdminOnly<T>(string what) =>
        ServiceResult<T>.Fail(Failure.Forbidden, $"Hanya Staf Direktorat atau Administrator yang boleh {what}.");

    private static ServiceResult<T> BatchNotFound<T>() =>
        ServiceResult<T>.Fail(Failure.NotFound, "Angkatan tidak ditemukan; periksa kembali angkatan yang dipilih.");
}
