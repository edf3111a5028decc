namespace K3Competency.Domain.Entities;

/// <summary>Keikutsertaan: a participant in a batch, at most once per batch.</summary>
public sealed class Registration
{
    public long Id { get; set; }
    public int BatchId { get; set; }
    public Batch? Batch { get; set; }
    public long ParticipantId { get; set; }
    public Participant? Participant { get; set; }
    public ParticipantCategory Category { get; set; }
    public string? ExpertiseField { get; set; }
    public string? LicenseNumber { get; set; }
    public AttendanceMode AttendanceMode { get; set; }
    public int? InstitutionId { get; set; }
    public Institution? Institution { get; set; }
    public decimal? PreTestScore { get; set; }
    public decimal? PostTestScore { get; set; }
    public string? RegisteredBy { get; set; }
    public DateTime RegisteredAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Set when the registration was cancelled (with who and why); it then leaves every figure (DESIGN §4).</summary>
    public DateTime? CancelledAt { get; set; }
    public string? CancelledBy { get; set; }
    public string? CancellationReason { get; set; }
    public uint Version { get; set; }

    public List<Attendance> Attendances { get; } = [];

    /// <summary>What the rule of DESIGN §4 makes of this registration (computed by PostgreSQL).</summary>
    public RegistrationOutcome? Outcome { get; set; }
}

/// <summary>
/// Kehadiran: one row per registration and session. It carries the batch so that the schema can hold it to a
/// session of the registration's own batch (both foreign keys include the batch).
/// </summary>
public sealed class Attendance
{
    public long Id { get; set; }
    public int BatchId { get; set; }
    public long RegistrationId { get; set; }
    public Registration? Registration { get; set; }
    public int SessionId { get; set; }
    public BatchSession? Session { get; set; }
    public AttendanceStatus Status { get; set; }
    public DateTime? CheckInAt { get; set; }
    public AttendanceMode? Mode { get; set; }
    /// <summary>Who wrote the row last: a meeting report never lowers what check-in or a hand correction wrote.</summary>
    public AttendanceSource Source { get; set; } = AttendanceSource.Import;
    public DateTime UpdatedAt { get; set; }
    public uint Version { get; set; }
}
