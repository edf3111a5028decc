using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Imports;

public sealed record UploadHistoryRow(long Id, DateTime CreatedAt, string Kind, string Batch, int BatchId, string FileName, string Uploader,
    bool DryRun, bool Partial, bool Committed, int Rows, int Inserted, int Updated, int Unchanged, int Rejected, DateTime? UndoneAt)
{
    /// <summary>Why the upload cannot be undone whatever its rows say; null for a committed upload that recorded its changes and still stands.</summary>
    public string? UndoRefusal { get; init; }

    /// <summary>Staff may try to undo it (the undo still checks what depends on its rows).</summary>
    public bool Undoable => UndoRefusal is null;
}

public sealed record UploadHistoryPage(IReadOnlyList<UploadHistoryRow> Rows, bool HasMore);

/// <summary>Upload history, newest first; an institution admin sees its own institution's uploads only.</summary>
public sealed class UploadHistory(K3DbContext db)
{
    public async Task<UploadHistoryPage> PageAsync(Actor actor, int? batchId, int page, int pageSize, CancellationToken ct)
    {
        page = Paging.Clamp(page, pageSize);
        var uploads = db.Uploads.AsNoTracking().VisibleTo(actor);
        if (batchId is { } id)
        {
            uploads = uploads.Where(u => u.BatchId == id);
        }
        var rows = await Rows(uploads).Skip((page - 1) * pageSize).Take(pageSize + 1).ToListAsync(ct);
        return new UploadHistoryPage([.. rows.Take(pageSize).Select(Row)], rows.Count > pageSize);
    }

    /// <summary>One upload as the history shows it, when the actor may see it; null otherwise.</summary>
    public async Task<UploadHistoryRow?> FindAsync(Actor actor, long id, CancellationToken ct)
    {
        var row = await Rows(db.Uploads.AsNoTracking().VisibleTo(actor).Where(u => u.Id == id)).SingleOrDefaultAsync(ct);
        return row is null ? null : Row(row);
    }

    private IQueryable<Found> Rows(IQueryable<Upload> uploads) =>
        from u in uploads
        join b in db.Batches on u.BatchId equals b.Id
        join usr in db.Users on u.UploadedBy equals usr.Id into us
        from usr in us.DefaultIfEmpty()
        orderby u.Id descending
        select new Found(u, b.Number, b.Programme!.Code, usr != null ? usr.FullName : u.UploadedBy);

    private static UploadHistoryRow Row(Found x) =>
        new(x.Upload.Id, x.Upload.CreatedAt, x.Upload.Kind.ToCode(), $"{x.Code} · ke-{x.Number}", x.Upload.BatchId, x.Upload.FileName, x.Uploader,
            x.Upload.DryRun, x.Upload.Partial, x.Upload.Committed, x.Upload.Rows, x.Upload.Inserted, x.Upload.Updated, x.Upload.Unchanged,
            x.Upload.Rejected, x.Upload.UndoneAt)
        {
            UndoRefusal = UploadUndo.Refusal(x.Upload),
        };

    private sealed record Found(Upload Upload, int Number, string Code, string Uploader);
}
