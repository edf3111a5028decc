using System.Text.Json;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain.Entities;

namespace K3Competency.Application.Auditing;

/// <summary>
/// Adds an audit entry to the same unit of work as the change it describes, so both commit or neither.
/// Never put a password, token or whole NIK in before/after: pass a masked or reduced view.
/// </summary>
public static class Audit
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static AuditEntry Add(K3DbContext db, Actor actor, string action, string entityType, object? entityId,
        object? before, object? after, DateTime at)
    {
        var entry = new AuditEntry
        {
            At = at,
            UserId = actor.UserId,
            UserName = actor.UserName,
            Action = action,
            EntityType = entityType,
            EntityId = entityId?.ToString(),
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        };
        db.AuditEntries.Add(entry);
        return entry;
    }
}
