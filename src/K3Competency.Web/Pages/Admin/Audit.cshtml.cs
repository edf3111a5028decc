using K3Competency.Application.Data;
using K3Competency.Application.Registrations;
using K3Competency.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Web.Pages.Admin;

/// <summary>Browse the audit trail, newest first, filtered by entity type, action or user.</summary>
public sealed class AuditModel(K3DbContext db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Entity { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? User_ { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public IReadOnlyList<string> EntityTypes { get; private set; } = [];
    public bool HasMore { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Paged<AuditEntry>.Clamp(PageNumber, PageSize);
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Entity))
        {
            q = q.Where(a => a.EntityType == Entity);
        }
        if (!string.IsNullOrWhiteSpace(User_))
        {
            q = q.Where(a => a.UserName != null && EF.Functions.ILike(a.UserName, "%" + User_.Trim() + "%"));
        }
        var rows = await q.OrderByDescending(a => a.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        HasMore = rows.Count > PageSize;
        Entries = rows.Take(PageSize).ToList();
        EntityTypes = await db.AuditEntries.AsNoTracking().Select(a => a.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
    }
}
