using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Auditing;

public sealed record AuditFilter(string? EntityType, string? UserName, int Page, int PageSize);

/// <summary>One page of the audit trail, and every entity type it holds (for the filter's choices).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, bool HasMore, IReadOnlyList<string> EntityTypes);

/// <summary>Reading the audit trail (DESIGN §2: Admin only), newest first, filtered by entity type or user.</summary>
public sealed class AuditTrail(K3DbContext db)
{
    public async Task<ServiceResult<AuditPage>> PageAsync(AuditFilter filter, Actor actor, CancellationToken ct)
    {
        if (!actor.IsAdmin)
        {
            return ServiceResult<AuditPage>.Fail(Failure.Forbidden, "Hanya Admin yang dapat membuka jejak audit.");
        }
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.EntityType))
        {
            q = q.Where(a => a.EntityType == filter.EntityType);
        }
        if (!string.IsNullOrWhiteSpace(filter.UserName))
        {
            q = q.Where(a => a.UserName != null && EF.Functions.ILike(a.UserName, "%" + filter.UserName.Trim() + "%"));
        }
        var page = Paging.Clamp(filter.Page, filter.PageSize);
        var rows = await q.OrderByDescending(a => a.Id).Skip((page - 1) * filter.PageSize).Take(filter.PageSize + 1).ToListAsync(ct);
        var types = await db.AuditEntries.AsNoTracking().Select(a => a.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
        return ServiceResult<AuditPage>.Ok(new AuditPage([.. rows.Take(filter.PageSize)], rows.Count > filter.PageSize, types));
    }
}
