using K3Competency.Application.Imports;
using K3Competency.Application.MeetingReports;
using K3Competency.Domain;

namespace K3Competency.UnitTests.MeetingReports;

/// <summary>
/// Real report files, written in each platform's layout, read for a session on Thursday 16 November 2023 from 08:00 to
/// 16:00 WIB (480 minutes): 80 % present (384 minutes) is needed, a first join after 08:15 is late.
/// </summary>
public sealed class MeetingReportTests
{
    private static readonly ImportSession Session = new(1, 1, new DateOnly(2023, 11, 16), new TimeOnly(8, 0), new TimeOnly(16, 0), 15, 80m);
    private static readonly DateOnly Today = new(2024, 1, 1);

    private static MeetingReportRows Read(string file)
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "MeetingReports", "Reports", file));
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return MeetingReportRows.Read(copy, Session, Today);
    }

    private sealed record Staged(string Name, string? Email, string? Nik, double Minutes, DateTime? FirstJoin, string Status, string? Error);

    private static Dictionary<string, Staged> Stage(MeetingReportRows rows)
    {
        var result = new Dictionary<string, Staged>();
        var values = new object?[7];
        var errors = new RowErrors();
        while (rows.Next(out _, out var raw, values, errors))
        {
            result[(string)values[0]!] = new Staged((string)values[0]!, (string?)values[2], (string?)values[3], (double)values[4]!,
                (DateTime?)values[5], (string)values[6]!, errors.Count > 0 ? errors.Items[0].Message : null);
            errors.Clear();
            Array.Clear(values);
        }
        return result;
    }

    private static DateTime Wib(int hour, int minute, int second = 0) =>
        new DateTime(2023, 11, 16, hour, minute, second, DateTimeKind.Utc).AddHours(-7);

    [Fact]
    public void Zoom_report_with_the_meeting_block_merges_a_person_who_rejoins_three_times_and_counts_overlaps_once()
    {
        var rows = Read("zoom-participants-with-meeting.csv");
        Assert.Equal(MeetingPlatform.Zoom, rows.Platform);
        var people = Stage(rows);

        var budi = people["Budi Santoso"];
        // 08:00-10:01:44, then 10:05:10-12:00:02 and 11:58:40-14:30 overlapping (once: 10:05:10-14:30), then 14:31-16:00.
        Assert.Equal(121.733 + 264.833 + 89, budi.Minutes, 2);
        Assert.Equal("HADIR", budi.Status);
        Assert.Equal(Wib(7, 58, 3), budi.FirstJoin);
        Assert.Equal("budi.santoso@example.co.id", budi.Email);
        // Ten participant rows; the one in the waiting room is no time in the meeting.
        Assert.Equal(9, rows.RowsRead);
    }

    [Fact]
    public void Zoom_renamed_guest_without_email_keeps_the_NIK_of_the_display_name_and_a_late_join_is_TERLAMBAT()
    {
        var siti = Stage(Read("zoom-participants-with-meeting.csv"))["3578084502900002_Siti Rahayu"];
        Assert.Null(siti.Email);
        Assert.Equal("3578084502900002", siti.Nik);
        Assert.Equal(454.33, siti.Minutes, 1);
        Assert.Equal("TERLAMBAT", siti.Status);
        Assert.Equal(Wib(8, 25, 40), siti.FirstJoin);
    }

    [Fact]
    public void Zoom_time_in_the_waiting_room_does_not_count_and_three_hours_is_ALPA()
    {
        var dewi = Stage(Read("zoom-participants-with-meeting.csv"))["Dewi Lestari"];
        Assert.Equal(180, dewi.Minutes, 1);
        Assert.Equal("ALPA", dewi.Status);
    }

    [Fact]
    public void Time_before_the_start_and_after_the_end_is_clipped_to_the_session()
    {
        // Joined 07:30, left 17:00: present the whole 480 minutes of the session, not 570, and on time.
        var agus = Stage(Read("zoom-participants-with-meeting.csv"))["Ir. Agus Salim, S.T., M.Sc."];
        Assert.Equal(480, agus.Minutes, 3);
        Assert.Equal("HADIR", agus.Status);
    }

    [Fact]
    public void Zoom_report_without_the_meeting_block_and_with_extra_trailing_columns_is_read()
    {
        var rows = Read("zoom-participants.csv");
        Assert.Equal(MeetingPlatform.Zoom, rows.Platform);
        var people = Stage(rows);
        Assert.Equal("TERLAMBAT", people["Budi Santoso"].Status);
        Assert.Equal(460, people["Budi Santoso"].Minutes, 3);
        Assert.Equal("ALPA", people["Siti Rahayu"].Status);
    }

    [Fact]
    public void Zoom_unique_users_form_counts_total_minutes_and_cannot_make_anyone_late()
    {
        var rows = Read("zoom-unique-users.csv");
        var people = Stage(rows);
        Assert.Equal(3, people.Count);
        Assert.Equal(472, people["Budi Santoso"].Minutes, 3);
        Assert.Equal("HADIR", people["Budi Santoso"].Status);
        Assert.Null(people["Budi Santoso"].FirstJoin);
        Assert.Equal("ALPA", people["Siti Rahayu"].Status);
        // 506 minutes in a meeting, but a session of 480 cannot hold more.
        Assert.Equal(480, people["Host Binakel K3"].Minutes, 3);
    }

    [Fact]
    public void Teams_UTF16_report_with_numbered_sections_uses_the_in_meeting_activities()
    {
        var rows = Read("teams-attendance-utf16.csv");
        Assert.Equal(MeetingPlatform.Teams, rows.Platform);
        var people = Stage(rows);
        Assert.Equal(4, people.Count);
        // 08:00-10:01:44 and 10:05:10-16:00 of the activities, not 7h 55m of the summary line.
        Assert.Equal(121.733 + 354.833, people["Budi Santoso"].Minutes, 1);
        Assert.Equal("HADIR", people["Budi Santoso"].Status);
        Assert.Equal("TERLAMBAT", people["Siti Rahayu (Guest)"].Status);
        Assert.Null(people["Siti Rahayu (Guest)"].Email);
        // Two stretches, 08-10 and 14-15: 180 minutes.
        Assert.Equal(180, people["Dewi Lestari"].Minutes, 3);
        Assert.Equal("ALPA", people["Dewi Lestari"].Status);
    }

    [Fact]
    public void Teams_UTF8_report_with_lower_case_headers_and_day_first_dates_is_read()
    {
        var rows = Read("teams-attendance-utf8-day-first.csv");
        Assert.Equal(MeetingPlatform.Teams, rows.Platform);
        var people = Stage(rows);
        Assert.Equal(480, people["Budi Santoso"].Minutes, 3);
        Assert.Equal(Wib(7, 58, 3), people["Budi Santoso"].FirstJoin);
        Assert.Equal("TERLAMBAT", people["Siti Rahayu"].Status);
        Assert.Equal(Wib(8, 25, 40), people["Siti Rahayu"].FirstJoin);
    }

    [Fact]
    public void Google_Meet_report_credits_only_the_time_its_duration_allows()
    {
        var rows = Read("meet-attendance.csv");
        Assert.Equal(MeetingPlatform.GoogleMeet, rows.Platform);
        var people = Stage(rows);
        // 07:58-16:05 with 7 h 55 min present: at most 7 minutes of it lay outside 08:00-16:00.
        Assert.Equal(468, people["Budi Santoso"].Minutes, 3);
        Assert.Equal("HADIR", people["Budi Santoso"].Status);
        // 08:40-16:00, but only 5 h 10 min present: 310 minutes, under 384.
        Assert.Equal(310, people["Siti Rahayu"].Minutes, 3);
        Assert.Equal("ALPA", people["Siti Rahayu"].Status);
    }

    [Fact]
    public void A_file_of_another_kind_is_refused_with_the_supported_formats()
    {
        using var file = new MemoryStream("nik,sesi,status\r\n3578080102900001,1,HADIR\r\n"u8.ToArray());
        var e = Assert.Throws<ImportFileException>(() => MeetingReportRows.Read(file, Session, Today));
        Assert.Contains("Zoom", e.Message, StringComparison.Ordinal);
        Assert.Contains("Microsoft Teams", e.Message, StringComparison.Ordinal);
        Assert.Contains("Google Meet", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_of_another_day_is_refused_naming_the_session()
    {
        var other = Session with { Number = 2, Date = new DateOnly(2023, 11, 17) };
        var path = Path.Combine(AppContext.BaseDirectory, "MeetingReports", "Reports", "zoom-participants.csv");
        using var file = new MemoryStream(File.ReadAllBytes(path));
        var e = Assert.Throws<ImportFileException>(() => MeetingReportRows.Read(file, other, Today));
        Assert.Contains("sesi 2 (17/11/2023", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("11/05/23, 8:02:11 AM", 2023, 11, 5)]
    [InlineData("05/11/2023, 08.02.11", 2023, 11, 5)]
    [InlineData("2023-11-05 08:02:11", 2023, 11, 5)]
    [InlineData("8:02 AM", 2023, 11, 5)]
    public void Month_first_or_day_first_is_decided_by_the_session_date(string text, int year, int month, int day)
    {
        Assert.True(new MeetingClock(new DateOnly(2023, 11, 5)).TryParse(text, out var utc));
        Assert.Equal(new DateTime(year, month, day, 8, 2, text.Contains(":11", StringComparison.Ordinal) || text.Contains(".11", StringComparison.Ordinal) ? 11 : 0, DateTimeKind.Utc).AddHours(-7), utc);
    }

    [Theory]
    [InlineData("244", 244)]
    [InlineData("7h 58m 41s", 478.683)]
    [InlineData("1 hr 23 min", 83)]
    [InlineData("30 sec", 0.5)]
    [InlineData("1:23:45", 83.75)]
    public void Durations_are_read_as_each_platform_writes_them(string text, double minutes)
    {
        Assert.True(MeetingClock.TryDuration(text, out var d));
        Assert.Equal(minutes, d.TotalMinutes, 2);
    }

    [Fact]
    public void A_renamed_Zoom_user_is_split_into_display_and_original_name()
    {
        Assert.Equal(("3578084502900002_Siti Rahayu", "Siti R"), MeetingReportReader.SplitZoomName("3578084502900002_Siti Rahayu (Siti R)"));
        Assert.Equal(("Budi Santoso", (string?)null), MeetingReportReader.SplitZoomName("Budi Santoso"));
    }

    [Fact]
    public void Exactly_at_the_late_limit_is_on_time_and_just_over_is_late()
    {
        var start = Wib(8, 0);
        Assert.Equal(AttendanceStatus.Hadir, Domain.Rules.SessionTiming.Online(400, 480, 80, start, Wib(8, 15), 15));
        Assert.Equal(AttendanceStatus.Terlambat, Domain.Rules.SessionTiming.Online(400, 480, 80, start, Wib(8, 15, 1), 15));
        Assert.Equal(AttendanceStatus.Hadir, Domain.Rules.SessionTiming.Online(384, 480, 80, start, start, 15));
        Assert.Equal(AttendanceStatus.Alpa, Domain.Rules.SessionTiming.Online(383.99, 480, 80, start, start, 15));
    }
}
