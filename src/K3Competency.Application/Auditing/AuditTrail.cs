using System.Runtime.CompilerServices;
using System.Text.Json;
using K3Competency.Application.Data;
using K3Competency.Application.Exports;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Auditing;

/// <summary>Which entries to show: days in WIB (both inclusive), the actor's name or e-mail (part of it), kind of data, action.</summary>
public sealed record AuditFilter(
    string? EntityType = null, string? Actor = null, string? Action = null, DateOnly? From = null, DateOnly? To = null,
    string? EntityId = null, int Page = 1, int PageSize = 50);

/// <summary>One field of before/after, named in Indonesian; Before or After null when the field was absent or empty.</summary>
public sealed record AuditChange(string Field, string Label, string? Before, string? After)
{
    public bool Changed => !string.Equals(Before, After, StringComparison.Ordinal);
}

/// <summary>An audit entry as a person reads it: who (name and role), what (in Indonesian), on which data, and the fields it changed.</summary>
public sealed record AuditLine(
    long Id, DateTime At, string ActorName, string? ActorEmail, string? ActorRole, string Action, string ActionName, string EntityType,
    string EntityTypeName, string? EntityId, IReadOnlyList<AuditChange> Changes, string? Before, string? After);

public sealed record AuditChoice(string Code, string Name);

/// <summary>One page of the audit trail, and the kinds of data and actions it holds (for the filter's choices).</summary>
public sealed record AuditPage(IReadOnlyList<AuditLine> Entries, bool HasMore, IReadOnlyList<AuditChoice> EntityTypes, IReadOnlyList<AuditChoice> Actions);

/// <summary>Reading the audit trail (DESIGN §2: Admin only), newest first, filtered; also as a file.</summary>
public sealed class AuditTrail(K3DbContext db)
{
    private const string AdminOnly = "Hanya Admin yang dapat membuka jejak audit.";

    public async Task<ServiceResult<AuditPage>> PageAsync(AuditFilter filter, Actor actor, CancellationToken ct)
    {
        if (Refuse(filter, actor) is { } refused)
        {
            return refused.As<AuditPage>();
        }
        var page = Paging.Clamp(filter.Page, filter.PageSize);
        var rows = await Lines(Filtered(filter).Skip((page - 1) * filter.PageSize).Take(filter.PageSize + 1)).ToListAsync(ct);
        var types = await db.AuditEntries.AsNoTracking().Select(a => a.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
        var actions = await db.AuditEntries.AsNoTracking().Select(a => a.Action).Distinct().ToListAsync(ct);
        return ServiceResult<AuditPage>.Ok(new AuditPage(
            [.. rows.Take(filter.PageSize).Select(Line)], rows.Count > filter.PageSize,
            [.. types.Select(t => new AuditChoice(t, AuditNames.Entity(t))).OrderBy(c => c.Name, StringComparer.Ordinal)],
            [.. actions.Select(a => new AuditChoice(a, AuditNames.Action(a))).OrderBy(c => c.Name, StringComparer.Ordinal)]));
    }

    /// <summary>Every entry the filter matches, newest first, as a list for <see cref="ExportFiles"/>, read one row at a time.</summary>
    public ServiceResult<ExportTable> Export(AuditFilter filter, Actor actor, bool csv, CancellationToken ct) =>
        Refuse(filter, actor) is { } refused
            ? refused.As<ExportTable>()
            : ServiceResult<ExportTable>.Ok(new ExportTable("jejak-audit", "Audit", ExportColumns, ExportRowsAsync(filter, ct)) { Csv = csv });

    private static readonly string[] ExportColumns = ["waktu", "pengguna", "email", "peran", "tindakan", "kode_tindakan", "data", "id_data", "perubahan"];

    private async IAsyncEnumerable<object?[]> ExportRowsAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in Lines(Filtered(filter)).AsAsyncEnumerable().WithCancellation(ct))
        {
            var line = Line(row);
            yield return
            [
                Formats.InWib(line.At), line.ActorName, line.ActorEmail, line.ActorRole, line.ActionName, line.Action, line.EntityTypeName, line.EntityId,
                string.Join("; ", line.Changes.Select(c => $"{c.Label}: {c.Before ?? "–"} → {c.After ?? "–"}")),
            ];
        }
    }

    private static ServiceResult<bool>? Refuse(AuditFilter filter, Actor actor)
    {
        if (!actor.IsAdmin)
        {
            return ServiceResult<bool>.Fail(Failure.Forbidden, AdminOnly);
        }
        if (filter.From is { } from && filter.To is { } to && to < from)
        {
            return ServiceResult<bool>.Fail(Failure.Validation, "to", "Tanggal akhir tidak boleh sebelum tanggal awal.");
        }
        return null;
    }

    private IQueryable<AuditEntry> Filtered(AuditFilter filter)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.EntityType))
        {
            q = q.Where(a => a.EntityType == filter.EntityType);
        }
        if (!string.IsNullOrWhiteSpace(filter.EntityId))
        {
            q = q.Where(a => a.EntityId == filter.EntityId.Trim());
        }
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            q = q.Where(a => a.Action == filter.Action);
        }
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var pattern = ListSearch.Contains(filter.Actor);
            q = q.Where(a => (a.UserName != null && EF.Functions.ILike(a.UserName, pattern))
                             || db.Users.Any(u => u.Id == a.UserId && EF.Functions.ILike(u.FullName, pattern)));
        }
        if (filter.From is { } from)
        {
            var start = Formats.WibMidnightUtc(from);
            q = q.Where(a => a.At >= start);
        }
        if (filter.To is { } to)
        {
            var end = Formats.WibMidnightUtc(to.AddDays(1));
            q = q.Where(a => a.At < end);
        }
        return q.OrderByDescending(a => a.Id);
    }

    private sealed record Row(AuditEntry Entry, string? FullName, string? Role);

    private IQueryable<Row> Lines(IQueryable<AuditEntry> entries) =>
        entries.Select(a => new Row(a,
            db.Users.Where(u => u.Id == a.UserId).Select(u => u.FullName).FirstOrDefault(),
            db.UserRoles.Where(ur => ur.UserId == a.UserId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault()));

    private static AuditLine Line(Row row)
    {
        var a = row.Entry;
        var name = string.IsNullOrWhiteSpace(row.FullName) ? a.UserName ?? a.UserId ?? "–" : row.FullName;
        return new AuditLine(a.Id, a.At, name, a.UserName, row.Role is null ? null : Roles.DisplayName(row.Role), a.Action, AuditNames.Action(a.Action),
            a.EntityType, AuditNames.Entity(a.EntityType), a.EntityId, Changes(a.Before, a.After), a.Before, a.After);
    }

    /// <summary>The fields of before and after side by side, in the order PostgreSQL keeps them; a field only on one side was added or removed.</summary>
    public static IReadOnlyList<AuditChange> Changes(string? before, string? after)
    {
        var old = Fields(before);
        var now = Fields(after);
        return [.. old.Keys.Concat(now.Keys.Where(k => !old.ContainsKey(k)))
            .Select(k => new AuditChange(k, AuditNames.Field(k), old.GetValueOrDefault(k), now.GetValueOrDefault(k)))];
    }

    private static Dictionary<string, string?> Fields(string? json)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return fields;
        }
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            fields["nilai"] = Text(doc.RootElement);
            return fields;
        }
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            fields[p.Name] = Text(p.Value);
        }
        return fields;
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "ya",
        JsonValueKind.False => "tidak",
        _ => value.GetRawText(),
    };
}
