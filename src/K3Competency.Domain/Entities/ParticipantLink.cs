namespace K3Competency.Domain.Entities;

/// <summary>What a participant's e-mailed link does (DESIGN §10.5).</summary>
public enum ParticipantLinkPurpose { SignIn, EmailChange }

/// <summary>
/// A single-use link mailed to a participant: sign in to /saya, or confirm a new e-mail address. Only the
/// SHA-256 of the token is kept, so the table cannot be used to sign in.
/// </summary>
public sealed class ParticipantLink
{
    public long Id { get; set; }
    public long ParticipantId { get; set; }
    public Participant? Participant { get; set; }
    public ParticipantLinkPurpose Purpose { get; set; }
    public string TokenHash { get; set; } = "";

    /// <summary>The address being confirmed (<see cref="ParticipantLinkPurpose.EmailChange"/>).</summary>
    public string? NewEmail { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
}
