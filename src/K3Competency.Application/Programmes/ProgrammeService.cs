using FluentValidation;
using K3Competency.Application.Auditing;
using K3Competency.Application.Certificates;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Application.Registrations;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Programmes;

public sealed record ProgrammeInput(
    string Code, string Name, int Year, decimal? MinAttendancePercent = null, decimal? PassingScore = null,
    decimal? HighPerformanceScore = null, int? TargetUpgraded = null, int? TargetHighPerforming = null, string? Organizer = null,
    string? SignatoryName = null, string? SignatoryPosition = null, string? SignatoryNip = null,
    int? LateAfterMinutes = null, decimal? OnlineMinPresentPercent = null);

public sealed record ProgrammeItem(
    int Id, string Code, string Name, int Year, string Organizer, decimal MinAttendancePercent, decimal PassingScore,
    decimal HighPerformanceScore, int? TargetUpgraded, int? TargetHighPerforming, int BatchCount, uint Version,
    string? SignatoryName, string? SignatoryPosition, string? SignatoryNip, int LateAfterMinutes, decimal OnlineMinPresentPercent);

public sealed class ProgrammeInputValidator : AbstractValidator<ProgrammeInput>
{
    public ProgrammeInputValidator()
    {
        RuleFor(x => x.Code).NotEmpty().WithMessage("Kode kegiatan wajib diisi, misalnya PKAK3-2023.")
            .MaximumLength(FieldLengths.Code).WithMessage($"Kode kegiatan paling banyak {FieldLengths.Code} karakter.")
            .Matches("^[A-Za-z0-9._-]+$").WithMessage("Kode kegiatan hanya boleh huruf, angka, titik, garis bawah dan tanda hubung.");
        RuleFor(x => x.Name).NotEmpty().WithMessage("Nama kegiatan wajib diisi.")
            .MaximumLength(FieldLengths.Name).WithMessage($"Nama kegiatan paling banyak {FieldLengths.Name} karakter.");
        RuleFor(x => x.Year).InclusiveBetween(2000, 2100).WithMessage("Tahun harus antara 2000 dan 2100.");
        RuleFor(x => x.MinAttendancePercent).InclusiveBetween(0, 100).When(x => x.MinAttendancePercent is not null)
            .WithMessage("Batas kehadiran minimal harus 0-100%.");
        RuleFor(x => x.PassingScore).InclusiveBetween(0, 100).When(x => x.PassingScore is not null)
            .WithMessage("Nilai kelulusan harus 0-100.");
        RuleFor(x => x.HighPerformanceScore).InclusiveBetween(0, 100).When(x => x.HighPerformanceScore is not null)
            .WithMessage("Nilai berkinerja tinggi harus 0-100.");
        RuleFor(x => x).Must(x => (x.HighPerformanceScore ?? Programme.DefaultHighPerformanceScore) >= (x.PassingScore ?? Programme.DefaultPassingScore))
            .WithName("highPerformanceScore").WithMessage("Nilai berkinerja tinggi tidak boleh di bawah nilai kelulusan.");
        RuleFor(x => x.LateAfterMinutes).InclusiveBetween(0, 1440).When(x => x.LateAfterMinutes is not null)
            .WithMessage("Batas terlambat harus 0-1440 menit setelah sesi dimulai.");
        RuleFor(x => x.OnlineMinPresentPercent).InclusiveBetween(0, 100).When(x => x.OnlineMinPresentPercent is not null)
            .WithMessage("Batas hadir daring harus 0-100% dari lama sesi.");
        RuleFor(x => x.TargetUpgraded).GreaterThanOrEqualTo(0).When(x => x.TargetUpgraded is not null).WithMessage("Target tidak boleh negatif.");
        RuleFor(x => x.TargetHighPerforming).GreaterThanOrEqualTo(0).When(x => x.TargetHighPerforming is not null).WithMessage("Target tidak boleh negatif.");
        RuleFor(x => x.SignatoryName).MaximumLength(FieldLengths.PersonName)
            .WithMessage($"Nama penanda tangan paling banyak {FieldLengths.PersonName} karakter.");
        RuleFor(x => x.SignatoryPosition).MaximumLength(FieldLengths.Position)
            .WithMessage($"Jabatan penanda tangan paling banyak {FieldLengths.Position} karakter.");
        RuleFor(x => x.SignatoryNip).Custom((nip, context) =>
        {
            if (!string.IsNullOrWhiteSpace(nip) && Nip.Parse(nip).Error is { } error)
            {
                context.AddFailure(error);
            }
        });
        RuleFor(x => x.SignatoryName).NotEmpty().When(x => !string.IsNullOrWhiteSpace(x.SignatoryNip))
            .WithMessage("Isi nama penanda tangan: NIP dicetak di bawah nama.");
    }
}

/// <summary>Kegiatan: Staff and Admin create and edit; Directors read.</summary>
public sealed class ProgrammeService(K3DbContext db, IValidator<ProgrammeInput> validator, CertificateService certificates,
    CertificateStanding standing, TimeProvider time)
{
    public async Task<IReadOnlyList<ProgrammeItem>> ListAsync(CancellationToken ct) =>
        await Items(db.Programmes.AsNoTracking().OrderByDescending(p => p.Year).ThenBy(p => p.Code)).ToListAsync(ct);

    public async Task<ProgrammeItem?> GetAsync(int id, CancellationToken ct) =>
        await Items(db.Programmes.AsNoTracking().Where(p => p.Id == id)).SingleOrDefaultAsync(ct);

    private static IQueryable<ProgrammeItem> Items(IQueryable<Programme> programmes) =>
        programmes.Select(p => new ProgrammeItem(p.Id, p.Code, p.Name, p.Year, p.Organizer, p.MinAttendancePercent,
            p.PassingScore, p.HighPerformanceScore, p.TargetUpgraded, p.TargetHighPerforming, p.Batches.Count, p.Version,
            p.SignatoryName, p.SignatoryPosition, p.SignatoryNip, p.LateAfterMinutes, p.OnlineMinPresentPercent));

    public async Task<ServiceResult<ProgrammeItem>> CreateAsync(ProgrammeInput input, Actor actor, CancellationToken ct)
    {
        var invalid = await CheckAsync(input, actor, null, ct);
        if (invalid is not null)
        {
            return invalid;
        }
        var programme = new Programme { CreatedAt = time.GetUtcNow().UtcDateTime };
        Apply(programme, input);
        db.Programmes.Add(programme);
        await db.SaveChangesAsync(ct);
        Audit.Add(db, actor, "programme.create", nameof(Programme), programme.Id, null, input, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return ServiceResult<ProgrammeItem>.Ok((await GetAsync(programme.Id, ct))!);
    }

    /// <summary>
    /// Edits a programme. A change of its thresholds that would make issued certificates untrue (a raised attendance or
    /// passing threshold, a moved high-performance line) is refused naming them (field revokeCertificates), unless
    /// <paramref name="revocation"/> confirms revoking them, in the same transaction, with its reason.
    /// </summary>
    public async Task<ServiceResult<ProgrammeItem>> UpdateAsync(int id, ProgrammeInput input, uint version, Actor actor, CancellationToken ct,
        CertificateRevocation? revocation = null)
    {
        var programme = await db.Programmes.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (programme is null)
        {
            return ServiceResult<ProgrammeItem>.Fail(Failure.NotFound, "", "Kegiatan tidak ditemukan.");
        }
        var invalid = await CheckAsync(input, actor, id, ct);
        if (invalid is not null)
        {
            return invalid;
        }
        var revokeWith = (revocation ?? CertificateRevocation.None).CheckedReason(out var reasonError);
        if (reasonError is not null)
        {
            return ServiceResult<ProgrammeItem>.Fail(Failure.Validation, "reason", reasonError);
        }
        var before = Snapshot(programme);
        var thresholds = (programme.MinAttendancePercent, programme.PassingScore, programme.HighPerformanceScore);
        db.Entry(programme).Property(p => p.Version).OriginalValue = version;
        Apply(programme, input);
        var now = time.GetUtcNow().UtcDateTime;
        Audit.Add(db, actor, "programme.update", nameof(Programme), id, before, Snapshot(programme), now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceResult<ProgrammeItem>.Fail(Failure.Stale, "", "Kegiatan ini baru saja diubah oleh pengguna lain. Periksa nilai terbaru di bawah, lalu simpan lagi bila perlu.");
        }
        // Only the thresholds change an outcome (the figures' trigger has recomputed them in this transaction).
        if (thresholds != (programme.MinAttendancePercent, programme.PassingScore, programme.HighPerformanceScore))
        {
            var untrue = await standing.UntrueInProgrammeAsync(id, ct);
            var settled = await certificates.SettleWithinAsync(untrue, revokeWith, actor, now, CertificateStanding.RefusalOfMany, ct, "revokeCertificates");
            if (!settled.Succeeded)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return settled.As<ProgrammeItem>();
            }
        }
        await tx.CommitAsync(ct);
        return ServiceResult<ProgrammeItem>.Ok((await GetAsync(id, ct))!);
    }

    /// <summary>
    /// Deletes a programme that holds no batches (its certificate images go with it, ON DELETE CASCADE), audited. Refused
    /// (Conflict) with the number of batches otherwise; a batch added meanwhile is stopped by the foreign key.
    /// </summary>
    public async Task<ServiceResult<ProgrammeItem>> DeleteAsync(int id, Actor actor, CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin)
        {
            return ServiceResult<ProgrammeItem>.Fail(Failure.Forbidden, "", "Hanya Staf Direktorat dan Admin yang dapat menghapus kegiatan.");
        }
        var before = await GetAsync(id, ct);
        if (before is null)
        {
            return ServiceResult<ProgrammeItem>.Fail(Failure.NotFound, "", "Kegiatan tidak ditemukan.");
        }
        if (before.BatchCount > 0)
        {
            return ServiceResult<ProgrammeItem>.Fail(Failure.Conflict, "", NotEmpty(before.BatchCount));
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.Programmes.Where(p => p.Id == id).ExecuteDeleteAsync(ct);
            Audit.Add(db, actor, "programme.delete", nameof(Programme), id, before, null, time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.ForeignKeyViolation)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return ServiceResult<ProgrammeItem>.Fail(Failure.Conflict, "", NotEmpty(await db.Batches.CountAsync(b => b.ProgrammeId == id, ct)));
        }
        return ServiceResult<ProgrammeItem>.Ok(before);
    }

    /// <summary>The refusal naming how many batches keep the programme.</summary>
    public static string NotEmpty(int batches) =>
        $"Kegiatan ini memuat {Formats.Number(batches)} angkatan, sehingga tidak dapat dihapus. " +
        "Hapus angkatannya lebih dulu (angkatan tanpa pendaftaran dapat dihapus dari halaman angkatan).";

    private async Task<ServiceResult<ProgrammeItem>?> CheckAsync(ProgrammeInput input, Actor actor, int? id, CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin)
        {
            return ServiceResult<ProgrammeItem>.Fail(Failure.Forbidden, "", "Hanya Staf Direktorat dan Admin yang dapat mengelola kegiatan.");
        }
        var check = await validator.ValidateAsync(input, ct);
        if (!check.IsValid)
        {
            return ServiceResult<ProgrammeItem>.From(check);
        }
        var code = input.Code.Trim().ToUpperInvariant();
        return await db.Programmes.AnyAsync(p => p.Code == code && p.Id != id, ct)
            ? ServiceResult<ProgrammeItem>.Fail(Failure.Conflict, "code", $"Kode kegiatan {code} sudah dipakai.")
            : null;
    }

    private static void Apply(Programme p, ProgrammeInput input)
    {
        p.Code = input.Code.Trim().ToUpperInvariant();
        p.Name = input.Name.Trim();
        p.Year = input.Year;
        p.Organizer = string.IsNullOrWhiteSpace(input.Organizer) ? p.Organizer : input.Organizer.Trim();
        p.MinAttendancePercent = input.MinAttendancePercent ?? Programme.DefaultMinAttendancePercent;
        p.PassingScore = input.PassingScore ?? Programme.DefaultPassingScore;
        p.HighPerformanceScore = input.HighPerformanceScore ?? Programme.DefaultHighPerformanceScore;
        p.TargetUpgraded = input.TargetUpgraded;
        p.TargetHighPerforming = input.TargetHighPerforming;
        p.SignatoryName = Blank(input.SignatoryName);
        p.SignatoryPosition = Blank(input.SignatoryPosition);
        p.SignatoryNip = string.IsNullOrWhiteSpace(input.SignatoryNip) ? null : Nip.Parse(input.SignatoryNip).Value;
        p.LateAfterMinutes = input.LateAfterMinutes ?? Programme.DefaultLateAfterMinutes;
        p.OnlineMinPresentPercent = input.OnlineMinPresentPercent ?? Programme.DefaultOnlineMinPresentPercent;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static object Snapshot(Programme p) => new
    {
        p.Code,
        p.Name,
        p.Year,
        p.MinAttendancePercent,
        p.PassingScore,
        p.HighPerformanceScore,
        p.TargetUpgraded,
        p.TargetHighPerforming,
        p.SignatoryName,
        p.SignatoryPosition,
        p.SignatoryNip,
        p.LateAfterMinutes,
        p.OnlineMinPresentPercent,
    };
}
