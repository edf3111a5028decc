namespace K3Competency.Domain.Entities;

/// <summary>
/// One registration as the rule of DESIGN §4 sees it: a row of the PostgreSQL view registration_outcomes
/// (Data/Sql/registration_outcomes.v1.sql), where the rule is written, once. Read-only; every page that shows
/// whether a registration attended, completed or is high-performing reads it.
/// </summary>
public sealed class RegistrationOutcome
{
    public long RegistrationId { get; init; }
    public int BatchId { get; init; }
    public int ProgrammeId { get; init; }
    public long ParticipantId { get; init; }

    /// <summary>Sessions of the batch, sessions HADIR or TERLAMBAT, sessions with any attendance row.</summary>
    public int Sessions { get; init; }
    public int PresentSessions { get; init; }
    public int RecordedSessions { get; init; }

    /// <summary>Present sessions of all, in per cent with two decimals, for showing only.</summary>
    public decimal AttendancePercent { get; init; }
    public decimal MinAttendancePercent { get; init; }
    public decimal PassingScore { get; init; }
    public decimal HighPerformanceScore { get; init; }
    public decimal? PostTestScore { get; init; }

    /// <summary>False for a registration that does not count; none of the flags below is then true.</summary>
    public bool Counts { get; init; }
    public bool Attended { get; init; }
    public bool AttendanceMet { get; init; }
    public bool PassingScoreMet { get; init; }

    /// <summary>Lulus, in every category.</summary>
    public bool Completed { get; init; }
    public bool HighPerforming { get; init; }

    /// <summary>Ditingkatkan: an Ahli K3 who attended.</summary>
    public bool Upgraded { get; init; }
}

/// <summary>
/// The counts of one batch, in total (<see cref="All"/>) or for one code of a breakdown, kept by PostgreSQL
/// (table outcome_figures) in the transaction of every write that changes them. Read-only.
/// </summary>
public sealed class OutcomeFigure
{
    public const string All = "all";
    public const string Category = "category";
    public const string Field = "field";
    public const string Province = "province";
    public const string Mode = "mode";
    public const string Institution = "institution";

    public int BatchId { get; init; }
    public string Dimension { get; init; } = "";

    /// <summary>The category, field, province or mode code; the institution's id; "" for the total and for no institution.</summary>
    public string Code { get; init; } = "";
    public int Participants { get; init; }
    public int AhliK3 { get; init; }
    public int Upgraded { get; init; }
    public int Completed { get; init; }
    public int CompletedAhliK3 { get; init; }
    public int HighPerforming { get; init; }
    public int HighPerformingAhliK3 { get; init; }
    public int Online { get; init; }
    public int Offline { get; init; }
    public int WithoutPostTest { get; init; }
    public int WithoutAttendance { get; init; }

    /// <summary>Persons first upgraded (first high-performing Ahli K3) of the programme in this batch.</summary>
    public int NewUpgraded { get; init; }
    public int NewHighPerforming { get; init; }

    /// <summary>The same over all programmes.</summary>
    public int NewUpgradedOverall { get; init; }
    public int NewHighPerformingOverall { get; init; }
}
