namespace K3Competency.Domain.Entities;

/// <summary>Angkatan: a numbered batch of a programme, with its sessions and partner institutions.</summary>
public sealed class Batch
{
    public int Id { get; set; }
    public int ProgrammeId { get; set; }
    public Programme? Programme { get; set; }
    public int Number { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public BatchMode Mode { get; set; }
    public string? Venue { get; set; }
    public int? Capacity { get; set; }
    public BatchStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public uint Version { get; set; }

    public List<BatchSession> Sessions { get; } = [];
    public List<BatchInstitution> Partners { get; } = [];
}

/// <summary>Sesi: attendance is taken per session.</summary>
public sealed class BatchSession
{
    /// <summary>DESIGN §10.1: a session without its own times runs 08:00-16:00 WIB.</summary>
    public static readonly TimeOnly DefaultStart = new(8, 0);
    public static readonly TimeOnly DefaultEnd = new(16, 0);

    public int Id { get; set; }
    public int BatchId { get; set; }
    public Batch? Batch { get; set; }
    public int Number { get; set; }
    public DateOnly Date { get; set; }
    /// <summary>Start and end on <see cref="Date"/>, wall-clock time in WIB.</summary>
    public TimeOnly StartTime { get; set; } = DefaultStart;
    public TimeOnly EndTime { get; set; } = DefaultEnd;
    public string? Title { get; set; }
    public uint Version { get; set; }
}

/// <summary>A partner institution of a batch.</summary>
public sealed class BatchInstitution
{
    public int BatchId { get; set; }
    public Batch? Batch { get; set; }
    public int InstitutionId { get; set; }
    public Institution? Institution { get; set; }
}
