using System.Net;
using System.Text.RegularExpressions;
using K3Competency.Domain;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.AttendanceSources;

/// <summary>The review page of a stored meeting report: the unmatched with candidates, linking one, "terapkan ulang".</summary>
public sealed partial class MeetingReportReviewTests(AppFixture fixture) : AttendanceTest(fixture)
{
    [Fact]
    public async Task Linking_an_unmatched_person_on_the_review_page_and_applying_the_stored_report_again_records_them()
    {
        var dewi = await PersonAsync("3578084404900004", "Dewi Lestari", null);
        using var api = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        var (_, body) = await ReportAsync(api, Zoom(("Dewi L", "", "08:00", "16:00")), "?dryRun=true");
        var uploadId = body.GetProperty("uploadId").GetInt64();
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));

        var review = $"/Attendance/Review/{uploadId}";
        var page = await staff.GetStringAsync(review);
        Assert.Contains("Belum cocok (1)", page, StringComparison.Ordinal);
        Assert.Contains("Tautkan ke Dewi Lestari", page, StringComparison.Ordinal);
        Assert.Contains(">480<", page, StringComparison.Ordinal);

        using var linked = await staff.PostFormAsync(review, new Dictionary<string, string>
        {
            ["RegistrationId"] = dewi.ToString(System.Globalization.CultureInfo.InvariantCulture), ["DisplayName"] = "Dewi L", ["Email"] = "",
        }, $"{review}?handler=Link");
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        page = await staff.GetStringAsync(review);
        Assert.Contains("Belum cocok (0)", page, StringComparison.Ordinal);
        Assert.Null(await AttendanceAsync(dewi));

        using var applied = await staff.PostFormAsync(review, new Dictionary<string, string>(), $"{review}?handler=Reapply");
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Matches(NewReview(), applied.Headers.Location!.ToString());
        Assert.Equal("HADIR/DARING/MEETING_REPORT", await AttendanceAsync(dewi));
    }

    [GeneratedRegex(@"/Attendance/Review/\d+$")]
    private static partial Regex NewReview();
}
