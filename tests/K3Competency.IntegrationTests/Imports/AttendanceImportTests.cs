using K3Competency.Application;
using K3Competency.Application.Imports;
using K3Competency.Domain;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Imports;

public sealed class AttendanceImportTests(AppFixture fixture) : ImportTest(fixture)
{
    private readonly string _a1 = Nik(1);
    private readonly string _a2 = Nik(2);
    private readonly string _b1 = Nik(3, woman: true);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TwoPartnersAsync();
        await RegisterAsync(SharedBatch, _a1, LpkA);
        await RegisterAsync(SharedBatch, _a2, LpkA);
        await RegisterAsync(SharedBatch, _b1, LpkB);
    }

    private string DayOne => Lines(
        "nik,sesi,status,waktu,mode",
        $"{_a1},1,HADIR,16/11/2023 08:05,LURING",
        $"{_a2},1,TERLAMBAT,16/11/2023 09:40,DARING",
        $"{_b1},1,IZIN,,");

    [Fact]
    public async Task Staff_file_records_attendance_with_WIB_times_stored_as_UTC()
    {
        var report = await ImportAsync(UploadKind.Attendance, SharedBatch, DayOne);

        Assert.Equal((3, 3, 0, 0, 0, true), (report.Rows, report.Inserted, report.Updated, report.Unchanged, report.Rejected, report.Committed));
        await using var db = Database.CreateDbContext();
        var a1 = await db.Attendances.Include(a => a.Session).SingleAsync(a => a.Registration!.Participant!.Nik == _a1);
        Assert.Equal((1, AttendanceStatus.Hadir, AttendanceMode.Luring), (a1.Session!.Number, a1.Status, a1.Mode));
        Assert.Equal(new DateTime(2023, 11, 16, 1, 5, 0, DateTimeKind.Utc), a1.CheckInAt);
        var b1 = await db.Attendances.SingleAsync(a => a.Registration!.Participant!.Nik == _b1);
        Assert.Equal((AttendanceStatus.Izin, (DateTime?)null, (AttendanceMode?)null), (b1.Status, b1.CheckInAt, b1.Mode));
    }

    [Fact]
    public async Task A_registration_waiting_for_verification_or_rejected_takes_no_attendance_and_the_row_says_why()
    {
        await using (var db = Database.CreateDbContext())
        {
            await db.Registrations.Where(r => r.Participant!.Nik == _a2)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RegistrationStatus.Menunggu).SetProperty(r => r.Source, RegistrationSource.Self));
        }

        var report = await ImportAsync(UploadKind.Attendance, SharedBatch, DayOne);

        Assert.False(report.Committed);
        var error = ErrorAt(report, 3, "nik");
        Assert.Equal(_a2, error.Value);
        Assert.Contains("belum diterima (menunggu verifikasi atau ditolak)", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("attendances"));
    }

    [Fact]
    public async Task Institution_A_file_naming_a_participant_of_B_is_refused_in_strict_mode()
    {
        var report = await ImportAsync(UploadKind.Attendance, SharedBatch, DayOne, AdminOf(LpkA));

        Assert.False(report.Committed);
        Assert.Equal(1, report.Rejected);
        var error = ErrorAt(report, 4, "nik");
        Assert.Equal(_b1, error.Value);
        Assert.Contains("terdaftar melalui lembaga lain", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("attendances"));
    }

    [Fact]
    public async Task Partial_mode_writes_institution_A_rows_and_leaves_B_participant_untouched()
    {
        await ImportAsync(UploadKind.Attendance, SharedBatch, Lines("nik,sesi,status", $"{_b1},1,HADIR"));
        var before = await XminsAsync("attendances");

        var report = await ImportAsync(UploadKind.Attendance, SharedBatch, DayOne, AdminOf(LpkA), partial: true);

        Assert.Equal((3, 2, 0, 0, 1, true), (report.Rows, report.Inserted, report.Updated, report.Unchanged, report.Rejected, report.Committed));
        await using var db = Database.CreateDbContext();
        var b1 = await db.Attendances.SingleAsync(a => a.Registration!.Participant!.Nik == _b1);
        Assert.Equal(AttendanceStatus.Hadir, b1.Status);
        Assert.Contains(before.Single(), await XminsAsync("attendances"));
        Assert.Equal(3, await db.Attendances.CountAsync());

        var upload = await db.Uploads.OrderBy(u => u.Id).LastAsync();
        Assert.Equal((LpkA, true, true), (upload.InstitutionId, upload.Partial, upload.Committed));
    }

    [Fact]
    public async Task Participant_not_in_the_batch_is_reported_to_staff_as_not_registered()
    {
        var report = await ImportAsync(UploadKind.Attendance, SharedBatch, Lines("nik,sesi,status", $"{Nik(99)},1,HADIR"));
        Assert.Contains("belum terdaftar sebagai peserta angkatan ini", ErrorAt(report, 2, "nik").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_session_unknown_status_and_unreadable_time_are_row_errors()
    {
        var csv = Lines(
            "nik,sesi,status,waktu",
            $"{_a1},3,HADIR,",
            $"{_a2},1,SAKIT,",
            $"{_b1},1,HADIR,besok pagi");

        var report = await ImportAsync(UploadKind.Attendance, SharedBatch, csv);

        Assert.Equal(3, report.Rejected);
        var session = ErrorAt(report, 2, "sesi");
        Assert.Contains("Sesi 3 tidak ada di angkatan ini", session.Message, StringComparison.Ordinal);
        Assert.Contains("Sesi yang ada: 1, 2", session.Message, StringComparison.Ordinal);
        Assert.Contains("HADIR, TERLAMBAT, IZIN, ALPA", ErrorAt(report, 3, "status").Message, StringComparison.Ordinal);
        Assert.Contains("dd/MM/yyyy HH:mm", ErrorAt(report, 4, "waktu").Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("attendances"));
    }

    [Fact]
    public async Task Same_participant_twice_for_one_session_reports_both_rows()
    {
        var report = await ImportAsync(UploadKind.Attendance, SharedBatch, Lines("nik,sesi,status", $"{_a1},1,HADIR", $"{_a1},2,HADIR", $"{_a1},1,ALPA"));

        Assert.Equal([2, 4], report.Errors.Select(e => e.Row));
        Assert.All(report.Errors, e => Assert.Contains("sesi yang sama", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attendance_twice_is_unchanged_and_a_corrected_status_updates()
    {
        await ImportAsync(UploadKind.Attendance, SharedBatch, DayOne);
        var versions = await XminsAsync("attendances");

        var again = await ImportAsync(UploadKind.Attendance, SharedBatch, DayOne);
        Assert.Equal((0, 0, 3), (again.Inserted, again.Updated, again.Unchanged));
        Assert.Equal(versions, await XminsAsync("attendances"));

        var corrected = await ImportAsync(UploadKind.Attendance, SharedBatch, DayOne.Replace("IZIN", "HADIR", StringComparison.Ordinal));
        Assert.Equal((0, 1, 2), (corrected.Inserted, corrected.Updated, corrected.Unchanged));
        await using var db = Database.CreateDbContext();
        Assert.Equal(AttendanceStatus.Hadir, (await db.Attendances.SingleAsync(a => a.Registration!.Participant!.Nik == _b1)).Status);
    }

    [Fact]
    public async Task Institution_that_is_not_a_partner_of_the_batch_is_forbidden()
    {
        var other = await InstitutionAsync("LPK-X");
        Assert.Equal(Failure.Forbidden, (await TryImportAsync(UploadKind.Attendance, SharedBatch, DayOne, AdminOf(other))).Failure);
    }

    [Fact]
    public async Task Director_may_not_upload()
    {
        var director = new Application.Identity.Actor("dir-1", "direktur@kemnaker.go.id", Roles.Director, null);
        Assert.Equal(Failure.Forbidden, (await TryImportAsync(UploadKind.Attendance, SharedBatch, DayOne, director)).Failure);
    }
}
