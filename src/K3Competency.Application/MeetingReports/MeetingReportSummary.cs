using System.Text.Json.Serialization;
using K3Competency.Domain;

namespace K3Competency.Application.MeetingReports;

/// <summary>How many report persons each rule of DESIGN §10.2 matched, in the order the rules are tried.</summary>
public sealed record MatchCounts(int Email, int Nik, int Alias, int Name);

/// <summary>The statuses the report gives the matched persons.</summary>
public sealed record StatusCounts(
    [property: JsonPropertyName("HADIR")] int Hadir,
    [property: JsonPropertyName("TERLAMBAT")] int Terlambat,
    [property: JsonPropertyName("ALPA")] int Alpa);

/// <summary>A registration whose name is close to an unmatched person's.</summary>
public sealed record Candidate(long RegistrationId, string Name);

/// <summary>A report person no rule matched: the host, a guest, or a participant to link by hand.</summary>
public sealed record UnmatchedPerson(string DisplayName, string? Email, int Minutes, IReadOnlyList<Candidate> Candidates)
{
    /// <summary>The account's name when Zoom shows the person renamed ("Display (Original)").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OriginalName { get; init; }
}

/// <summary>A meeting report's own figures beside the import counts (DESIGN §12).</summary>
public sealed record MeetingReportSummary(
    [property: JsonIgnore] MeetingPlatform Platform, int Persons, MatchCounts Matched, IReadOnlyList<UnmatchedPerson> Unmatched,
    StatusCounts Statuses, int Kept)
{
    /// <summary>ZOOM, TEAMS or GOOGLE_MEET.</summary>
    public string Format => Platform.ToCode();

    /// <summary>Zoom, Microsoft Teams or Google Meet, for people.</summary>
    [JsonIgnore]
    public string PlatformName => MeetingReportReader.DisplayName(Platform);
}
