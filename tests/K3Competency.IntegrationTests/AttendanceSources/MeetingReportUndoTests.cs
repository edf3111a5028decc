using System.Net;
using K3Competency.Domain;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.AttendanceSources;

/// <summary>A meeting report is an upload like the others (issue 12): undoing it puts the session's attendance back as it was.</summary>
public sealed class MeetingReportUndoTests(AppFixture fixture) : AttendanceTest(fixture)
{
    [Fact]
    public async Task Undoing_a_meeting_report_removes_the_attendance_it_added_and_restores_what_it_overwrote()
    {
        var budi = await PersonAsync("3578080102900001", "Budi Santoso", "budi.santoso@contoh.co.id");
        var siti = await PersonAsync("3578084502900002", "Siti Rahayu", "siti@contoh.co.id");
        await ImportAsync(UploadKind.Attendance, Batch, Lines("nik,sesi,status,waktu,mode", "3578084502900002,1,ALPA,,DARING"));
        var before = await Database.ImportedRowsAsync();
        using var http = await TestUsers.BearerClientAsync(Factory, Roles.Staff);

        var (status, report) = await ReportAsync(http, Zoom(
            ("Budi (Laptop)", "budi.santoso@contoh.co.id", "07:58", "16:00"),
            ("Siti", "siti@contoh.co.id", "08:20", "16:00")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("HADIR/DARING/MEETING_REPORT", await AttendanceAsync(budi));
        Assert.Equal("TERLAMBAT/DARING/MEETING_REPORT", await AttendanceAsync(siti));

        using var undo = await http.PostAsync($"/api/v1/uploads/{report.GetProperty("uploadId").GetInt64()}/undo", null);
        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        Assert.Equal("""{"uploadId":""" + report.GetProperty("uploadId").GetInt64() + ""","removed":1,"restored":1}""", await undo.Content.ReadAsStringAsync());
        Assert.Null(await AttendanceAsync(budi));
        Assert.Equal("ALPA/DARING/IMPORT", await AttendanceAsync(siti));
        Assert.Equal(before, await Database.ImportedRowsAsync());
    }
}
