using K3Competency.Application.Auditing;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Application.Registrations;
using K3Competency.Domain;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Imports;

/// <summary>
/// One row an import wrote, as its change log (upload_change_rows) recorded it: inserted or updated, which table, whose
/// registration it belongs to (null once an undo removed the row), and for an updated row its values before the upload.
/// </summary>
public sealed record UploadChangeRow(
    string Table, long RowId, bool Inserted, long? RegistrationId, long? ParticipantId, string? FullName, string? MaskedNik, int? SessionNumber,
    IReadOnlyList<AuditChange> Before);

/// <summary>A page of the rows an upload changed, with the upload itself and how many rows of each kind it inserted and updated.</summary>
public sealed record UploadChangesPage(UploadHistoryRow Upload, Paged<UploadChangeRow> Rows, IReadOnlyList<UploadChangeCount> Counts);

public sealed record UploadChangeCount(string Table, int Inserted, int Updated);

/// <summary>
/// The rows an import inserted and updated, read from the change log that undo uses (ADR 0008), each leading to its
/// registration. An institution admin sees its own institution's uploads only, and of them only the rows of
/// registrations it may see.
/// </summary>
public sealed class UploadChanges(K3DbContext db, UploadHistory history)
{
    public const int PageSize = 100;

    public async Task<ServiceResult<UploadChangesPage>> PageAsync(long uploadId, int page, Actor actor, CancellationToken ct)
    {
        var upload = await history.FindAsync(actor, uploadId, ct);
        if (upload is null)
        {
            return await db.Uploads.AnyAsync(u => u.Id == uploadId, ct)
                ? ServiceResult<UploadChangesPage>.Fail(Failure.Forbidden, "Unggahan ini milik lembaga lain; Anda hanya dapat melihat unggahan lembaga Anda.")
                : ServiceResult<UploadChangesPage>.Fail(Failure.NotFound, $"Unggahan {uploadId} tidak ditemukan.");
        }
        var batchId = upload.BatchId;
        var visible = db.Registrations.AsNoTracking().VisibleTo(actor);
        var changes =
            from c in db.UploadChangeEntries.AsNoTracking()
            where c.UploadId == uploadId
            select new
            {
                c.TableName, c.RowId, c.Before,
                RegistrationId = c.TableName == "registrations" ? db.Registrations.Where(r => r.Id == c.RowId).Select(r => (long?)r.Id).FirstOrDefault()
                    : c.TableName == "attendances" ? db.Attendances.Where(a => a.Id == c.RowId).Select(a => (long?)a.RegistrationId).FirstOrDefault()
                    : db.Registrations.Where(r => r.ParticipantId == c.RowId && r.BatchId == batchId).Select(r => (long?)r.Id).FirstOrDefault(),
            };
        if (!actor.IsStaffOrAdmin)
        {
            changes = changes.Where(c => visible.Any(r => r.Id == c.RegistrationId));
        }
        var total = await changes.CountAsync(ct);
        page = Paging.Clamp(page, total, PageSize);
        // One upload's rows: its updated rows by the primary key of upload_changes, its inserted ones from the arrays.
        var rows = await changes.OrderBy(c => c.TableName).ThenBy(c => c.RowId).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(c => new
            {
                c.TableName, c.RowId, c.Before, c.RegistrationId,
                Person = db.Registrations.Where(r => r.Id == c.RegistrationId)
                    .Select(r => new { r.ParticipantId, r.Participant!.FullName, r.Participant.Nik }).FirstOrDefault(),
                Session = c.TableName == "attendances" ? db.Attendances.Where(a => a.Id == c.RowId).Select(a => (int?)a.Session!.Number).FirstOrDefault() : null,
            })
            .ToListAsync(ct);
        var counts = await db.UploadChangeEntries.AsNoTracking().Where(c => c.UploadId == uploadId)
            .GroupBy(c => c.TableName)
            .Select(g => new UploadChangeCount(g.Key, g.Count(c => c.Before == null), g.Count(c => c.Before != null)))
            .ToListAsync(ct);
        return ServiceResult<UploadChangesPage>.Ok(new UploadChangesPage(upload,
            new Paged<UploadChangeRow>(
                [.. rows.Select(r => new UploadChangeRow(r.TableName, r.RowId, r.Before is null, r.RegistrationId, r.Person?.ParticipantId,
                    r.Person?.FullName, r.Person is null ? null : Nik.Mask(r.Person.Nik), r.Session,
                    r.Before is null ? [] : AuditTrail.Changes(r.Before, null)))],
                total, page, PageSize),
            actor.IsStaffOrAdmin ? [.. counts.OrderBy(c => c.Table, StringComparer.Ordinal)] : []));
    }
}
