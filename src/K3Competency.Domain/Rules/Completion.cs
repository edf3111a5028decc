namespace K3Competency.Domain.Rules;

/// <summary>
/// DESIGN §4 for one registration. The set-based SQL of the reporting service implements the same rules;
/// this type serves single-registration views and the tests that pin both to the same thresholds.
/// </summary>
public static class Completion
{
    public static bool Attended(int present) => present > 0;

    public static decimal AttendancePercent(int present, int sessions) =>
        sessions == 0 ? 0 : decimal.Round(100m * present / sessions, 2);

    public static bool IsCompleted(int present, int sessions, decimal? postTest, decimal minAttendancePercent, decimal passingScore) =>
        sessions > 0 && present * 100m >= minAttendancePercent * sessions && postTest is { } s && s >= passingScore;

    public static bool IsHighPerforming(int present, int sessions, decimal? postTest, decimal minAttendancePercent, decimal passingScore, decimal highScore) =>
        IsCompleted(present, sessions, postTest, minAttendancePercent, passingScore) && postTest >= highScore;
}
