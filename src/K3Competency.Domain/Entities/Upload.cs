namespace K3Competency.Domain.Entities;

/// <summary>Unggahan: every import file, kept for history and for its error report.</summary>
public sealed class Upload
{
    public long Id { get; set; }
    public UploadKind Kind { get; set; }
    public int BatchId { get; set; }
    /// <summary>The session a meeting report is for (DESIGN §10.2); null for the other kinds.</summary>
    public int? SessionId { get; set; }
    public int? InstitutionId { get; set; }
    public string UploadedBy { get; set; } = "";
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public bool DryRun { get; set; }
    public bool Partial { get; set; }
    public bool Committed { get; set; }
    public int Rows { get; set; }
    public int Inserted { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Rejected { get; set; }
    /// <summary>The row errors as JSON: [{row, column, value, message}].</summary>
    public string Errors { get; set; } = "[]";
    /// <summary>A meeting report's own answer as JSON (format, matches, statuses, kept; DESIGN §12); null for the other kinds.</summary>
    public string? Summary { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>True when the import recorded per row what it changed, so it can be undone (uploads since issue 12).</summary>
    public bool ChangesRecorded { get; set; }
    /// <summary>When a committed upload was undone, and by whom; null while it stands.</summary>
    public DateTime? UndoneAt { get; set; }
    public string? UndoneBy { get; set; }
}

/// <summary>Who changed what, when, before and after.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string? EntityId { get; set; }
    /// <summary>JSON, or null for a creation.</summary>
    public string? Before { get; set; }
    /// <summary>JSON, or null for a deletion.</summary>
    public string? After { get; set; }
}
