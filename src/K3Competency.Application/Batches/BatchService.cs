using System.Globalization;
using FluentValidation;
using K3Competency.Application.Auditing;
using K3Competency.Application.Certificates;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Application.Registrations;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Batches;

/// <summary>A session as the form and the API give it (DESIGN §10.1): start and end in WIB, 08:00-16:00 when left out.</summary>
public sealed record SessionInput(int Number, DateOnly Date, string? Title, TimeOnly? Start = null, TimeOnly? End = null)
{
    public TimeOnly StartOrDefault => Start ?? BatchSession.DefaultStart;
    public TimeOnly EndOrDefault => End ?? BatchSession.DefaultEnd;
}

public sealed record BatchInput(
    int Number, DateOnly StartDate, DateOnly EndDate, string Mode, string? Venue, int? Capacity, string? Status,
    IReadOnlyList<string> InstitutionCodes, IReadOnlyList<SessionInput> Sessions);

public sealed record SessionItem(int Id, int Number, DateOnly Date, string? Title, TimeOnly Start, TimeOnly End);

public sealed record PartnerItem(int Id, string Code, string Name);

public sealed record BatchItem(
    int Id, int ProgrammeId, string ProgrammeCode, string ProgrammeName, int Number, DateOnly StartDate, DateOnly EndDate,
    string Mode, string? Venue, int? Capacity, string Status, uint Version,
    IReadOnlyList<SessionItem> Sessions, IReadOnlyList<PartnerItem> Partners, int Registrations);

/// <summary>
/// A batch in a worklist, counted over the registrations the actor may see (an institution admin's own): how many,
/// how many completed (lulus, DESIGN §4, every category: the same number as the dashboard's "Lulus"), and how many
/// still lack a post-test score or any attendance.
/// </summary>
public sealed record BatchProgressItem(
    int Id, string ProgrammeCode, string ProgrammeName, int Number, DateOnly StartDate, DateOnly EndDate, string Mode, string Status,
    int Sessions, int Registrations, int Completed, int WithoutPostTest, int WithoutAttendance);

public sealed class BatchInputValidator : AbstractValidator<BatchInput>
{
    public BatchInputValidator()
    {
        RuleFor(x => x.Number).GreaterThanOrEqualTo(1).WithMessage("Nomor angkatan mulai dari 1.");
        RuleFor(x => x.EndDate).GreaterThanOrEqualTo(x => x.StartDate).WithMessage("Tanggal selesai tidak boleh sebelum tanggal mulai.");
        RuleFor(x => x.Mode).Must(m => Codes.TryParse<BatchMode>(m, out _)).WithMessage("Mode harus LURING, DARING atau HYBRID.");
        RuleFor(x => x.Status).Must(s => s is null || Codes.TryParse<BatchStatus>(s, out _))
            .WithMessage("Status harus PLANNED, REGISTRATION_OPEN, RUNNING atau FINISHED.");
        RuleFor(x => x.Venue).MaximumLength(FieldLengths.Venue).WithMessage($"Tempat paling banyak {FieldLengths.Venue} karakter.");
        RuleFor(x => x.Capacity).GreaterThanOrEqualTo(0).When(x => x.Capacity is not null).WithMessage("Kapasitas tidak boleh negatif.");
        RuleFor(x => x.Sessions).NotEmpty().WithMessage("Isi paling sedikit satu sesi; kehadiran dicatat per sesi.");
        RuleFor(x => x.Sessions).Must(s => s.Select(x => x.Number).Distinct().Count() == s.Count)
            .WithMessage("Nomor sesi tidak boleh ganda.");
        RuleFor(x => x.Sessions).Must(s => s.All(x => x.EndOrDefault > x.StartOrDefault))
            .WithMessage("Jam selesai setiap sesi harus setelah jam mulainya (WIB, mis. 08:00 sampai 16:00).");
        RuleForEach(x => x.Sessions).ChildRules(s =>
        {
            s.RuleFor(x => x.Number).GreaterThanOrEqualTo(1).WithMessage("Nomor sesi mulai dari 1.");
            s.RuleFor(x => x.Title).MaximumLength(FieldLengths.Title).WithMessage($"Judul sesi paling banyak {FieldLengths.Title} karakter.");
        });
        RuleFor(x => x).Must(x => x.Sessions.All(s => s.Date >= x.StartDate && s.Date <= x.EndDate))
            .WithName("sessions").WithMessage("Tanggal setiap sesi harus di antara tanggal mulai dan selesai angkatan.");
    }
}

/// <summary>Angkatan with its sessions and partner institutions.</summary>
public sealed class BatchService(K3DbContext db, IValidator<BatchInput> validator, CertificateService certificates, CertificateStanding standing,
    TimeProvider time)
{
    public async Task<BatchItem?> GetAsync(int id, Actor actor, CancellationToken ct) =>
        (await ItemsAsync(db.Batches.Where(b => b.Id == id), actor, ct)).SingleOrDefault();

    /// <summary>The batch as the actor sees it; NotFound when there is none, Forbidden when it is another institution's.</summary>
    public async Task<ServiceResult<BatchItem>> FindAsync(int id, Actor actor, CancellationToken ct) =>
        await GetAsync(id, actor, ct) is { } batch ? ServiceResult<BatchItem>.Ok(batch)
        : await db.Batches.AnyAsync(b => b.Id == id, ct) ? ServiceResult<BatchItem>.Fail(Failure.Forbidden, "Lembaga Anda bukan mitra angkatan ini.")
        : ServiceResult<BatchItem>.Fail(Failure.NotFound, "Angkatan tidak ditemukan.");

    public async Task<IReadOnlyList<BatchItem>> ListAsync(int programmeId, Actor actor, CancellationToken ct) =>
        await ItemsAsync(db.Batches.Where(b => b.ProgrammeId == programmeId), actor, ct);

    /// <summary>Batches with sessions, partners and the count of the actor's registrations, in one query, by number.</summary>
    private async Task<List<BatchItem>> ItemsAsync(IQueryable<Batch> batches, Actor actor, CancellationToken ct)
    {
        var registrations = db.Registrations.AsNoTracking().VisibleTo(actor);
        var rows = await batches.AsNoTracking().VisibleTo(actor).OrderBy(b => b.Number)
            .Select(b => new
            {
                b.Id, b.ProgrammeId, b.Programme!.Code, b.Programme.Name, b.Number, b.StartDate, b.EndDate, b.Mode, b.Venue, b.Capacity, b.Status, b.Version,
                Sessions = b.Sessions.OrderBy(s => s.Number).Select(s => new SessionItem(s.Id, s.Number, s.Date, s.Title, s.StartTime, s.EndTime)).ToList(),
                Partners = b.Partners.OrderBy(p => p.Institution!.Name).Select(p => new PartnerItem(p.InstitutionId, p.Institution!.Code, p.Institution.Name)).ToList(),
                Registrations = registrations.Count(r => r.BatchId == b.Id),
            })
            .AsSplitQuery()
            .ToListAsync(ct);
        return [.. rows.Select(b => new BatchItem(b.Id, b.ProgrammeId, b.Code, b.Name, b.Number, b.StartDate, b.EndDate,
            b.Mode.ToCode(), b.Venue, b.Capacity, b.Status.ToCode(), b.Version, b.Sessions, b.Partners, b.Registrations))];
    }

    /// <summary>
    /// Every batch the actor may see, across programmes, newest first, with the counts PostgreSQL keeps per batch
    /// (outcome_figures): over the batch, or for an institution admin over its institution's registrations.
    /// </summary>
    public async Task<IReadOnlyList<BatchProgressItem>> ListVisibleAsync(Actor actor, CancellationToken ct)
    {
        var (dimension, code) = actor.IsInstitutionAdmin
            ? (OutcomeFigure.Institution, actor.InstitutionId?.ToString(CultureInfo.InvariantCulture) ?? "")
            : (OutcomeFigure.All, "");
        var figures = db.OutcomeFigures.AsNoTracking().Where(f => f.Dimension == dimension && f.Code == code);
        var rows = await (
                from b in db.Batches.AsNoTracking().VisibleTo(actor)
                join f in figures on b.Id equals f.BatchId into batchFigures
                from f in batchFigures.DefaultIfEmpty()
                orderby b.StartDate descending, b.Programme!.Code, b.Number descending
                select new
                {
                    b.Id, b.Programme!.Code, b.Programme.Name, b.Number, b.StartDate, b.EndDate, b.Mode, b.Status,
                    Sessions = b.Sessions.Count,
                    Registrations = f == null ? 0 : f.Participants,
                    Completed = f == null ? 0 : f.Completed,
                    WithoutPostTest = f == null ? 0 : f.WithoutPostTest,
                    WithoutAttendance = f == null ? 0 : f.WithoutAttendance,
                })
            .ToListAsync(ct);
        return [.. rows.Select(b => new BatchProgressItem(b.Id, b.Code, b.Name, b.Number, b.StartDate, b.EndDate, b.Mode.ToCode(), b.Status.ToCode(),
            b.Sessions, b.Registrations, b.Completed, b.WithoutPostTest, b.WithoutAttendance))];
    }

    public async Task<ServiceResult<BatchItem>> CreateAsync(int programmeId, BatchInput input, Actor actor, CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin)
        {
            return ServiceResult<BatchItem>.Fail(Failure.Forbidden, "", "Hanya Staf Direktorat dan Admin yang dapat mengelola angkatan.");
        }
        if (!await db.Programmes.AnyAsync(p => p.Id == programmeId, ct))
        {
            return ServiceResult<BatchItem>.Fail(Failure.NotFound, "", "Kegiatan tidak ditemukan.");
        }
        var (partners, invalid) = await CheckAsync(input, ct);
        if (invalid is not null)
        {
            return invalid;
        }
        if (await db.Batches.AnyAsync(b => b.ProgrammeId == programmeId && b.Number == input.Number, ct))
        {
            return ServiceResult<BatchItem>.Fail(Failure.Conflict, "number", $"Angkatan ke-{input.Number} sudah ada pada kegiatan ini.");
        }
        var batch = new Batch { ProgrammeId = programmeId, CreatedAt = time.GetUtcNow().UtcDateTime };
        Apply(batch, input);
        batch.Sessions.AddRange(input.Sessions.OrderBy(s => s.Number).Select(s => new BatchSession
        {
            Number = s.Number, Date = s.Date, StartTime = s.StartOrDefault, EndTime = s.EndOrDefault, Title = Clean(s.Title),
        }));
        batch.Partners.AddRange(partners.Select(p => new BatchInstitution { InstitutionId = p }));
        db.Batches.Add(batch);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return ServiceResult<BatchItem>.Fail(Failure.Conflict, "number", $"Angkatan ke-{input.Number} sudah ada pada kegiatan ini.");
        }
        Audit.Add(db, actor, "batch.create", nameof(Batch), batch.Id, null, input, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return ServiceResult<BatchItem>.Ok((await GetAsync(batch.Id, actor, ct))!);
    }

    /// <summary>
    /// Edits a batch. Sessions added or removed change every registration's attendance share: when that would make issued
    /// certificates untrue, the edit is refused naming them (field revokeCertificates), unless <paramref name="revocation"/>
    /// confirms revoking them in the same transaction, with its reason.
    /// </summary>
    public async Task<ServiceResult<BatchItem>> UpdateAsync(int id, BatchInput input, uint version, Actor actor, CancellationToken ct,
        CertificateRevocation? revocation = null)
    {
        if (!actor.IsStaffOrAdmin)
        {
            return ServiceResult<BatchItem>.Fail(Failure.Forbidden, "", "Hanya Staf Direktorat dan Admin yang dapat mengelola angkatan.");
        }
        var batch = await db.Batches.Include(b => b.Sessions).Include(b => b.Partners).SingleOrDefaultAsync(b => b.Id == id, ct);
        if (batch is null)
        {
            return ServiceResult<BatchItem>.Fail(Failure.NotFound, "", "Angkatan tidak ditemukan.");
        }
        var (partners, invalid) = await CheckAsync(input, ct);
        if (invalid is not null)
        {
            return invalid;
        }
        if (input.Number != batch.Number && await db.Batches.AnyAsync(b => b.ProgrammeId == batch.ProgrammeId && b.Number == input.Number, ct))
        {
            return ServiceResult<BatchItem>.Fail(Failure.Conflict, "number", $"Angkatan ke-{input.Number} sudah ada pada kegiatan ini.");
        }
        var dropped = batch.Sessions.Where(s => input.Sessions.All(n => n.Number != s.Number)).ToList();
        var droppedIds = dropped.Select(s => s.Id).ToList();
        if (droppedIds.Count > 0 && await db.Attendances.AnyAsync(a => a.BatchId == id && droppedIds.Contains(a.SessionId), ct))
        {
            return ServiceResult<BatchItem>.Fail(Failure.Validation, "sessions",
                $"Sesi {string.Join(", ", dropped.Select(s => s.Number))} sudah memiliki data kehadiran dan tidak dapat dihapus.");
        }
        var revokeWith = (revocation ?? CertificateRevocation.None).CheckedReason(out var reasonError);
        if (reasonError is not null)
        {
            return ServiceResult<BatchItem>.Fail(Failure.Validation, "reason", reasonError);
        }
        var sessionsChange = dropped.Count > 0 || input.Sessions.Any(n => batch.Sessions.All(s => s.Number != n.Number));
        var before = await GetAsync(id, Actor.System, ct);
        db.Entry(batch).Property(b => b.Version).OriginalValue = version;
        Apply(batch, input);
        foreach (var s in dropped)
        {
            batch.Sessions.Remove(s);
        }
        foreach (var s in input.Sessions)
        {
            var existing = batch.Sessions.FirstOrDefault(x => x.Number == s.Number);
            if (existing is null)
            {
                batch.Sessions.Add(new BatchSession { Number = s.Number, Date = s.Date, StartTime = s.StartOrDefault, EndTime = s.EndOrDefault, Title = Clean(s.Title) });
            }
            else
            {
                existing.Date = s.Date;
                existing.StartTime = s.StartOrDefault;
                existing.EndTime = s.EndOrDefault;
                existing.Title = Clean(s.Title);
            }
        }
        batch.Partners.RemoveAll(p => !partners.Contains(p.InstitutionId));
        batch.Partners.AddRange(partners.Where(p => batch.Partners.All(x => x.InstitutionId != p)).Select(p => new BatchInstitution { InstitutionId = p }));
        // Touch the batch row so that xmin moves even when only sessions or partners changed.
        db.Entry(batch).State = EntityState.Modified;
        var now = time.GetUtcNow().UtcDateTime;
        Audit.Add(db, actor, "batch.update", nameof(Batch), id, before, input, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceResult<BatchItem>.Fail(Failure.Stale, "", "Angkatan ini baru saja diubah oleh pengguna lain. Periksa nilai terbaru di bawah, lalu simpan lagi bila perlu.");
        }
        // Session dates and titles change no outcome; a session more or less does (the figures' trigger has recomputed them).
        if (sessionsChange)
        {
            var settled = await certificates.SettleWithinAsync(await standing.UntrueInBatchAsync(id, ct), revokeWith, actor, now,
                CertificateStanding.RefusalOfMany, ct, "revokeCertificates");
            if (!settled.Succeeded)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return settled.As<BatchItem>();
            }
        }
        await tx.CommitAsync(ct);
        return ServiceResult<BatchItem>.Ok((await GetAsync(id, actor, ct))!);
    }

    /// <summary>
    /// Deletes a batch that holds no registrations (cancelled ones count: they stay on record), with its sessions, partners,
    /// aliases, spooled files and the history of uploads that left nothing behind, in one transaction. Refused (Conflict)
    /// with the number of registrations otherwise; a registration that lands meanwhile is stopped by the foreign key.
    /// </summary>
    public async Task<ServiceResult<int>> DeleteAsync(int id, Actor actor, CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin)
        {
            return ServiceResult<int>.Fail(Failure.Forbidden, "", "Hanya Staf Direktorat dan Admin yang dapat menghapus angkatan.");
        }
        var before = await GetAsync(id, Actor.System, ct);
        if (before is null)
        {
            return ServiceResult<int>.Fail(Failure.NotFound, "", "Angkatan tidak ditemukan.");
        }
        if (before.Registrations > 0)
        {
            return ServiceResult<int>.Fail(Failure.Conflict, "", NotEmpty(before.Registrations));
        }
        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            // The uploads of a batch without registrations changed nothing that remains; their rows go with the batch.
            var uploads = db.Uploads.Where(u => u.BatchId == id).Select(u => u.Id);
            await db.UploadChanges.Where(c => uploads.Contains(c.UploadId)).ExecuteDeleteAsync(ct);
            var uploadCount = await db.Uploads.Where(u => u.BatchId == id).ExecuteDeleteAsync(ct);
            // The batch's figure rows (all zero without registrations): the stripes the view outcome_figures sums.
            await db.Database.ExecuteSqlAsync($"DELETE FROM outcome_figure_stripes WHERE batch_id = {id}", ct);
            // Sessions, partners, aliases, check-in events and spooled files follow by ON DELETE CASCADE.
            await db.Batches.Where(b => b.Id == id).ExecuteDeleteAsync(ct);
            Audit.Add(db, actor, "batch.delete", nameof(Batch), id, before, new { sessions = before.Sessions.Count, uploads = uploadCount }, now);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.ForeignKeyViolation })
        {
            return await RefusedMeanwhileAsync(tx, id, ct);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.ForeignKeyViolation)
        {
            return await RefusedMeanwhileAsync(tx, id, ct);
        }
        return ServiceResult<int>.Ok(before.ProgrammeId);
    }

    private async Task<ServiceResult<int>> RefusedMeanwhileAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, int id, CancellationToken ct)
    {
        await tx.RollbackAsync(ct);
        db.ChangeTracker.Clear();
        return ServiceResult<int>.Fail(Failure.Conflict, "", NotEmpty(await db.Registrations.CountAsync(r => r.BatchId == id, ct)));
    }

    /// <summary>The refusal naming how many registrations keep the batch.</summary>
    public static string NotEmpty(int registrations) =>
        $"Angkatan ini memuat {Formats.Number(registrations)} pendaftaran peserta, sehingga tidak dapat dihapus. " +
        "Hanya angkatan tanpa pendaftaran (termasuk yang dibatalkan) yang dapat dihapus; ubah statusnya bila angkatan tidak jadi berjalan.";

    private async Task<(List<int> Partners, ServiceResult<BatchItem>? Invalid)> CheckAsync(BatchInput input, CancellationToken ct)
    {
        var check = await validator.ValidateAsync(input, ct);
        if (!check.IsValid)
        {
            return ([], ServiceResult<BatchItem>.From(check));
        }
        var codes = input.InstitutionCodes.Select(c => c.Trim().ToUpperInvariant()).Where(c => c.Length > 0).Distinct().ToList();
        var found = await db.Institutions.Where(i => codes.Contains(i.Code)).Select(i => new { i.Id, i.Code }).ToListAsync(ct);
        var unknown = codes.Except(found.Select(f => f.Code)).ToList();
        return unknown.Count > 0
            ? ([], ServiceResult<BatchItem>.Fail(Failure.Validation, "institutionCodes", $"Lembaga tidak dikenal: {string.Join(", ", unknown)}."))
            : (found.Select(f => f.Id).ToList(), null);
    }

    private static void Apply(Batch b, BatchInput input)
    {
        b.Number = input.Number;
        b.StartDate = input.StartDate;
        b.EndDate = input.EndDate;
        b.Mode = Codes.Parse<BatchMode>(input.Mode);
        b.Venue = Clean(input.Venue);
        b.Capacity = input.Capacity;
        b.Status = input.Status is null ? b.Status : Codes.Parse<BatchStatus>(input.Status);
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
