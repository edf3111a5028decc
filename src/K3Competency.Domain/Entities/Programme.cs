namespace K3Competency.Domain.Entities;

/// <summary>Kegiatan: one yearly programme, e.g. PKAK3-2023.</summary>
public sealed class Programme
{
    public const decimal DefaultMinAttendancePercent = 80m;
    public const decimal DefaultPassingScore = 70m;
    public const decimal DefaultHighPerformanceScore = 85m;
    public const int DefaultLateAfterMinutes = 15;
    public const decimal DefaultOnlineMinPresentPercent = 80m;

    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public int Year { get; set; }
    public string Organizer { get; set; } = "Direktorat Bina Kelembagaan K3";
    public decimal MinAttendancePercent { get; set; } = DefaultMinAttendancePercent;
    public decimal PassingScore { get; set; } = DefaultPassingScore;
    public decimal HighPerformanceScore { get; set; } = DefaultHighPerformanceScore;
    /// <summary>DESIGN §10.1: arriving (checking in, first joining online) later than this after the start is TERLAMBAT.</summary>
    public int LateAfterMinutes { get; set; } = DefaultLateAfterMinutes;
    /// <summary>DESIGN §10.2: share of a session's window an online participant must be present for.</summary>
    public decimal OnlineMinPresentPercent { get; set; } = DefaultOnlineMinPresentPercent;
    public int? TargetUpgraded { get; set; }
    public int? TargetHighPerforming { get; set; }
    /// <summary>The official who signs this programme's certificates (printed under the signature); optional.</summary>
    public string? SignatoryName { get; set; }
    /// <summary>The signatory's position, e.g. "Direktur Bina Kelembagaan K3"; the certificate prints a default when empty.</summary>
    public string? SignatoryPosition { get; set; }
    /// <summary>The signatory's NIP (18 digits, stored without spaces); optional.</summary>
    public string? SignatoryNip { get; set; }
    public DateTime CreatedAt { get; set; }
    public uint Version { get; set; }

    public List<Batch> Batches { get; } = [];
}
