using K3Competency.Application.Auditing;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace K3Competency.Application.Certificates;

/// <summary>One stored certificate image, without its bytes.</summary>
public sealed record DocumentImageItem(int Id, DocumentImageKind Kind, int? ProgrammeId, int Width, int Height, DateTime UpdatedAt);

/// <summary>
/// The logo and the programmes' signature images (Admin only), kept in PostgreSQL so that every instance prints
/// the same certificate. Uploads are normalised by <see cref="CertificateImages"/> before they are stored.
/// </summary>
public sealed class CertificateImageService(K3DbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<DocumentImageItem>> ListAsync(CancellationToken ct) =>
        await db.DocumentImages.AsNoTracking()
            .OrderBy(i => i.Kind).ThenBy(i => i.ProgrammeId)
            .Select(i => new DocumentImageItem(i.Id, i.Kind, i.ProgrammeId, i.Width, i.Height, i.UpdatedAt))
            .ToListAsync(ct);

    /// <summary>The stored PNG of one image, for the Admin page's preview; null when unknown.</summary>
    public async Task<byte[]?> ContentAsync(int id, CancellationToken ct) =>
        await db.DocumentImages.AsNoTracking().Where(i => i.Id == id).Select(i => i.Content).SingleOrDefaultAsync(ct);

    /// <summary>What a programme's certificates print: the uploaded logo (or the shipped default) and its signature, if any.</summary>
    public static async Task<CertificateArtwork> ArtworkAsync(K3DbContext db, int programmeId, CancellationToken ct)
    {
        var images = await db.DocumentImages.AsNoTracking()
            .Where(i => i.Kind == DocumentImageKind.Logo || (i.Kind == DocumentImageKind.Signature && i.ProgrammeId == programmeId))
            .Select(i => new { i.Kind, i.Content })
            .ToListAsync(ct);
        return new CertificateArtwork(
            images.FirstOrDefault(i => i.Kind == DocumentImageKind.Logo)?.Content ?? CertificateImages.DefaultLogo,
            images.FirstOrDefault(i => i.Kind == DocumentImageKind.Signature)?.Content);
    }

    /// <summary>Stores the logo (<paramref name="programmeId"/> null) or a programme's signature, replacing the one before.</summary>
    public async Task<ServiceResult<DocumentImageItem>> SaveAsync(DocumentImageKind kind, int? programmeId, byte[] upload, Actor actor, CancellationToken ct)
    {
        var refused = await CheckSlotAsync(kind, programmeId, actor, ct);
        if (refused is not null)
        {
            return refused.As<DocumentImageItem>();
        }
        var (image, error) = CertificateImages.Normalize(upload);
        if (image is null)
        {
            return ServiceResult<DocumentImageItem>.Fail(Failure.Validation, "file", error!);
        }

        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var row = await Slot(kind, programmeId).SingleOrDefaultAsync(ct);
            var before = row is null ? null : Snapshot(row);
            if (row is null)
            {
                row = new DocumentImage { Kind = kind, ProgrammeId = programmeId };
                db.DocumentImages.Add(row);
            }
            row.Content = image.Png;
            row.ContentType = "image/png";
            row.Width = image.Width;
            row.Height = image.Height;
            row.Sha256 = image.Sha256;
            row.UpdatedAt = now;
            row.UpdatedBy = actor.UserId;
            Audit.Add(db, actor, "certificate-image.save", nameof(DocumentImage), $"{kind.ToCode()}:{programmeId}", before, Snapshot(row), now);
            try
            {
                await db.SaveChangesAsync(ct);
                return ServiceResult<DocumentImageItem>.Ok(new DocumentImageItem(row.Id, kind, programmeId, row.Width, row.Height, now));
            }
            catch (DbUpdateException e) when (attempt == 1 && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Another Admin filled the empty slot at the same moment: replace theirs instead.
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task<ServiceResult<bool>> RemoveAsync(DocumentImageKind kind, int? programmeId, Actor actor, CancellationToken ct)
    {
        var refused = await CheckSlotAsync(kind, programmeId, actor, ct);
        if (refused is not null)
        {
            return refused;
        }
        var row = await Slot(kind, programmeId).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return ServiceResult<bool>.Ok(false);
        }
        db.DocumentImages.Remove(row);
        Audit.Add(db, actor, "certificate-image.remove", nameof(DocumentImage), $"{kind.ToCode()}:{programmeId}", Snapshot(row), null,
            time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return ServiceResult<bool>.Ok(true);
    }

    private IQueryable<DocumentImage> Slot(DocumentImageKind kind, int? programmeId) =>
        kind == DocumentImageKind.Logo
            ? db.DocumentImages.Where(i => i.Kind == DocumentImageKind.Logo)
            : db.DocumentImages.Where(i => i.Kind == kind && i.ProgrammeId == programmeId);

    private async Task<ServiceResult<bool>?> CheckSlotAsync(DocumentImageKind kind, int? programmeId, Actor actor, CancellationToken ct)
    {
        if (!actor.IsAdmin)
        {
            return ServiceResult<bool>.Fail(Failure.Forbidden, "", "Hanya Administrator yang boleh mengubah logo dan tanda tangan sertifikat.");
        }
        if (kind == DocumentImageKind.Logo)
        {
            return programmeId is null ? null : ServiceResult<bool>.Fail(Failure.Validation, "programmeId", "Logo berlaku untuk semua kegiatan; jangan pilih kegiatan.");
        }
        return programmeId is { } id && await db.Programmes.AnyAsync(p => p.Id == id, ct)
            ? null
            : ServiceResult<bool>.Fail(Failure.NotFound, "programmeId", "Kegiatan tidak ditemukan; pilih kegiatan yang tanda tangannya diunggah.");
    }

    private static object Snapshot(DocumentImage i) => new { i.Width, i.Height, i.Sha256, Bytes = i.Content.Length };
}
