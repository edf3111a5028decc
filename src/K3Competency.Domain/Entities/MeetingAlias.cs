namespace K3Competency.Domain.Entities;

/// <summary>
/// A display name or e-mail from an online-meeting report that a person linked to a participant (DESIGN §10.2),
/// so the next report that shows the same name or address matches that participant without asking again.
/// </summary>
public sealed class MeetingAlias
{
    public long Id { get; set; }
    public long ParticipantId { get; set; }
    public Participant? Participant { get; set; }
    /// <summary>The batch whose report it was linked from.</summary>
    public int BatchId { get; set; }
    /// <summary>The display name as the report wrote it, or null for an e-mail alias.</summary>
    public string? DisplayName { get; set; }
    /// <summary>The e-mail as the report wrote it, or null for a display-name alias.</summary>
    public string? Email { get; set; }
    /// <summary>What a report row is compared on: the normalised name (k3_name_key) or the lower-case e-mail.</summary>
    public string Key { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
