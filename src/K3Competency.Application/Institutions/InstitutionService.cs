using FluentValidation;
using K3Competency.Application.Auditing;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Institutions;

public sealed record InstitutionInput(string Code, string Name, string Type, string ProvinceCode);

public sealed record InstitutionItem(int Id, string Code, string Name, string Type, string ProvinceCode, string ProvinceName, uint Version);

public sealed class InstitutionInputValidator : AbstractValidator<InstitutionInput>
{
    public InstitutionInputValidator()
    {
        RuleFor(x => x.Code).NotEmpty().WithMessage("Kode lembaga wajib diisi.")
            .MaximumLength(FieldLengths.Code).WithMessage($"Kode lembaga paling banyak {FieldLengths.Code} karakter.")
            .Matches("^[A-Za-z0-9._-]+$").WithMessage("Kode lembaga hanya boleh huruf, angka, titik, garis bawah dan tanda hubung.");
        RuleFor(x => x.Name).NotEmpty().WithMessage("Nama lembaga wajib diisi.")
            .MaximumLength(FieldLengths.Name).WithMessage($"Nama lembaga paling banyak {FieldLengths.Name} karakter.");
        RuleFor(x => x.Type).Must(t => Codes.TryParse<InstitutionType>(t, out _))
            .WithMessage("Jenis lembaga harus LEMBAGA_PELATIHAN, PJK3, ASOSIASI atau DIREKTORAT.");
        RuleFor(x => x.ProvinceCode).Must(p => Provinces.Find(p) is not null)
            .WithMessage("Provinsi tidak dikenal; pilih salah satu dari 38 provinsi.");
    }
}

/// <summary>Lembaga: Staff and Admin manage them; Directors read them.</summary>
public sealed class InstitutionService(K3DbContext db, IValidator<InstitutionInput> validator, TimeProvider time)
{
    public async Task<IReadOnlyList<InstitutionItem>> ListAsync(CancellationToken ct)
    {
        var rows = await db.Institutions.AsNoTracking().OrderBy(i => i.Name).ToListAsync(ct);
        return [.. rows.Select(ToItem)];
    }

    public async Task<InstitutionItem?> GetAsync(int id, CancellationToken ct) =>
        await db.Institutions.AsNoTracking().Where(i => i.Id == id).Select(i => ToItem(i)).SingleOrDefaultAsync(ct);

    public async Task<ServiceResult<InstitutionItem>> CreateAsync(InstitutionInput input, Actor actor, CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin)
        {
            return ServiceResult<InstitutionItem>.Fail(Failure.Forbidden, "", "Hanya Staf Direktorat dan Admin yang dapat mengelola lembaga.");
        }
        var check = await validator.ValidateAsync(input, ct);
        if (!check.IsValid)
        {
            return ServiceResult<InstitutionItem>.From(check);
        }
        var code = input.Code.Trim().ToUpperInvariant();
        if (await db.Institutions.AnyAsync(i => i.Code == code, ct))
        {
            return ServiceResult<InstitutionItem>.Fail(Failure.Conflict, "code", $"Kode lembaga {code} sudah dipakai.");
        }
        var institution = new Institution
        {
            Code = code,
            Name = input.Name.Trim(),
            Type = Codes.Parse<InstitutionType>(input.Type),
            ProvinceCode = Provinces.Find(input.ProvinceCode)!.Code,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Institutions.Add(institution);
        await db.SaveChangesAsync(ct);
        Audit.Add(db, actor, "institution.create", nameof(Institution), institution.Id, null, Snapshot(institution), time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return ServiceResult<InstitutionItem>.Ok(ToItem(institution));
    }

    public async Task<ServiceResult<InstitutionItem>> UpdateAsync(int id, InstitutionInput input, uint version, Actor actor, CancellationToken ct)
    {
        if (!actor.IsStaffOrAdmin)
        {
            return ServiceResult<InstitutionItem>.Fail(Failure.Forbidden, "", "Hanya Staf Direktorat dan Admin yang dapat mengelola lembaga.");
        }
        var check = await validator.ValidateAsync(input, ct);
        if (!check.IsValid)
        {
            return ServiceResult<InstitutionItem>.From(check);
        }
        var institution = await db.Institutions.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (institution is null)
        {
            return ServiceResult<InstitutionItem>.Fail(Failure.NotFound, "", "Lembaga tidak ditemukan.");
        }
        var code = input.Code.Trim().ToUpperInvariant();
        if (code != institution.Code && await db.Institutions.AnyAsync(i => i.Code == code, ct))
        {
            return ServiceResult<InstitutionItem>.Fail(Failure.Conflict, "code", $"Kode lembaga {code} sudah dipakai.");
        }
        var before = Snapshot(institution);
        // The version the user saw: a save over someone else's newer edit is refused.
        db.Entry(institution).Property(i => i.Version).OriginalValue = version;
        institution.Code = code;
        institution.Name = input.Name.Trim();
        institution.Type = Codes.Parse<InstitutionType>(input.Type);
        institution.ProvinceCode = Provinces.Find(input.ProvinceCode)!.Code;
        Audit.Add(db, actor, "institution.update", nameof(Institution), institution.Id, before, Snapshot(institution), time.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ServiceResult<InstitutionItem>.Fail(Failure.Stale, "", "Data lembaga ini baru saja diubah oleh pengguna lain. Periksa nilai terbaru di bawah, lalu simpan lagi bila perlu.");
        }
        return ServiceResult<InstitutionItem>.Ok(ToItem(institution));
    }

    private static InstitutionItem ToItem(Institution i) =>
        new(i.Id, i.Code, i.Name, i.Type.ToCode(), i.ProvinceCode, Provinces.NameOf(i.ProvinceCode), i.Version);

    private static object Snapshot(Institution i) => new { i.Code, i.Name, type = i.Type.ToCode(), i.ProvinceCode };
}
