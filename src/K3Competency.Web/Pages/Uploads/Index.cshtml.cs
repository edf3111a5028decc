using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Application.Registrations;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Web.Pages.Uploads;

/// <summary>Upload history, newest first; an institution admin sees its own institution's uploads only.</summary>
public sealed class IndexModel(K3DbContext db) : PageModel
{
    public sealed record Row(long Id, DateTime CreatedAt, string Kind, string Batch, int BatchId, string FileName, string Uploader,
        bool DryRun, bool Partial, bool Committed, int Rows, int Inserted, int Updated, int Unchanged, int Rejected);

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public bool HasMore { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        const int size = 50;
        PageNumber = Paged<Row>.Clamp(PageNumber, size);
        var actor = User.ToActor();
        var rows = await (from u in db.Uploads.AsNoTracking().VisibleTo(actor)
                          join b in db.Batches on u.BatchId equals b.Id
                          join usr in db.Users on u.UploadedBy equals usr.Id into us
                          from usr in us.DefaultIfEmpty()
                          orderby u.Id descending
                          select new { u, b.Number, b.Programme!.Code, Uploader = usr != null ? usr.FullName : u.UploadedBy })
            .Skip((PageNumber - 1) * size).Take(size + 1).ToListAsync(ct);
        HasMore = rows.Count > size;
        Rows = [.. rows.Take(size).Select(x => new Row(x.u.Id, x.u.CreatedAt, x.u.Kind.ToCode(), $"{x.Code} · ke-{x.Number}", x.u.BatchId, x.u.FileName,
            x.Uploader, x.u.DryRun, x.u.Partial, x.u.Committed, x.u.Rows, x.u.Inserted, x.u.Updated, x.u.Unchanged, x.u.Rejected))];
    }
}
