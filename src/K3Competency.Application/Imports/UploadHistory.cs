using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Imports;

public sealed record UploadHistoryRow(long Id, DateTime CreatedAt, string Kind, string Batch, int BatchId, string FileName, string Uploader,
    bool DryRun, bool Partial, bool Committed, int Rows, int Inserted, int Updated, int Unchanged, int Rejected);

public sealed record UploadHistoryPage(IReadOnlyList<UploadHistoryRow> Rows, bool HasMore);

/// <summary>Upload history, newest first; an institution admin sees its own institution's uploads only.</summary>
public sealed class UploadHistory(K3DbContext db)
{
    public async Task<UploadHistoryPage> PageAsync(Actor actor, int page, int pageSize, CancellationToken ct)
    {
        page = Paging.Clamp(page, pageSize);
        var rows = await (from u in db.Uploads.AsNoTracking().VisibleTo(actor)
                          join b in db.Batches on u.BatchId equals b.Id
                          join usr in db.Users on u.UploadedBy equals usr.Id into us
                          from usr in us.DefaultIfEmpty()
                          orderby u.Id descending
                          select new { u, b.Number, b.Programme!.Code, Uploader = usr != null ? usr.FullName : u.UploadedBy })
            .Skip((page - 1) * pageSize).Take(pageSize + 1).ToListAsync(ct);
        return new UploadHistoryPage(
            [.. rows.Take(pageSize).Select(x => new UploadHistoryRow(x.u.Id, x.u.CreatedAt, x.u.Kind.ToCode(), $"{x.Code} · ke-{x.Number}", x.u.BatchId,
                x.u.FileName, x.Uploader, x.u.DryRun, x.u.Partial, x.u.Committed, x.u.Rows, x.u.Inserted, x.u.Updated, x.u.Unchanged, x.u.Rejected))],
            rows.Count > pageSize);
    }
}
