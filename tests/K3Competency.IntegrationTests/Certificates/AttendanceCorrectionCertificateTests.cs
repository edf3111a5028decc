using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using K3Competency.Domain;
using K3Competency.IntegrationTests.Registrations;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Certificates;

/// <summary>
/// Issue 12: attendance corrections follow the batch status and the certificates. The session grid refuses an institution
/// admin on a finished batch (403 with the uploads' reason) and asks Staff for a reason that goes into the audit; an
/// attendance change that would make an issued certificate untrue is refused naming it, on the grid and on the per-person
/// page, and the same form revokes it when confirmed.
/// </summary>
public sealed partial class AttendanceCorrectionCertificateTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private const string FinishedRefusal = "Angkatan ini sudah selesai, sehingga admin lembaga tidak dapat lagi mengunggah atau mengubah datanya.";

    private static string Grid(int batchId, int number = 1) => $"/Attendance/Session/{batchId}/{number}";

    private static string Html(string html) => WebUtility.HtmlDecode(html);

    private sealed record Issued(CertificateTestData Data, long Registration, string Number, string Code);

    /// <summary>
    /// Budi attended 4 of 5 sessions (80 %, the programme's minimum) with post-test 88 and holds certificate …/000001 in a
    /// finished batch: one session less and he no longer completes.
    /// </summary>
    private async Task<Issued> CertificatedAsync()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        var registration = await data.RegisterAsync("Budi Santoso", present: 4, postTest: 88m);
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        using var issued = await staff.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        await using var db = Database.CreateDbContext();
        var certificate = await db.Certificates.SingleAsync(c => c.RegistrationId == registration);
        return new Issued(data, registration, certificate.Number, certificate.VerificationCode);
    }

    private async Task<AttendanceStatus> StatusAsync(long registration, int sessionId)
    {
        await using var db = Database.CreateDbContext();
        return await db.Attendances.Where(a => a.RegistrationId == registration && a.SessionId == sessionId).Select(a => a.Status).SingleAsync();
    }

    private async Task<bool> RevokedAsync(string number)
    {
        await using var db = Database.CreateDbContext();
        return await db.Certificates.Where(c => c.Number == number).Select(c => c.RevokedAt != null).SingleAsync();
    }

    [Fact]
    public async Task An_institution_admin_gets_403_with_the_reason_on_the_session_grid_of_a_finished_batch_and_writes_nothing()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        var institution = await TestUsers.CreateInstitutionAsync(Factory, "LPK-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant());
        await data.WithPartnerAsync(institution);
        var registration = await data.RegisterAsync("Ani Alpha", present: 5, postTest: 80m, institutionId: institution);
        using var admin = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.InstitutionAdmin, institution));

        using var page = await admin.Http.GetAsync(Grid(data.BatchId));
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        var html = Html(await page.Content.ReadAsStringAsync());
        Assert.Contains(FinishedRefusal, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Ani Alpha", html, StringComparison.Ordinal);

        var id = registration.ToString(CultureInfo.InvariantCulture);
        using var post = await admin.PostFormAsync(Grid(data.BatchId), new Dictionary<string, string>
        {
            ["Rows[0].RegistrationId"] = id, ["Rows[0].Status"] = "ALPA", ["Rows[0].SeenStatus"] = "HADIR", ["Rows[0].SeenVersion"] = "",
        });
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Contains(FinishedRefusal, Html(await post.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(AttendanceStatus.Hadir, await StatusAsync(registration, data.SessionIds[0]));
    }

    [Fact]
    public async Task Staff_correct_a_finished_batch_on_the_session_grid_only_with_a_reason_that_goes_into_the_audit()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        var registration = await data.RegisterAsync("Siti Aminah", present: 5, postTest: null);
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var page = Html(await staff.GetStringAsync(Grid(data.BatchId)));
        Assert.Contains("Alasan koreksi (angkatan sudah selesai", page, StringComparison.Ordinal);
        var form = SessionGridTests.Form(page, new Dictionary<long, string> { [registration] = "IZIN" });

        using (var refused = await staff.PostFormAsync(Grid(data.BatchId), form))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var html = Html(await refused.Content.ReadAsStringAsync());
            Assert.Contains("Angkatan ini sudah selesai; koreksi tetap dapat disimpan dengan menuliskan alasannya", html, StringComparison.Ordinal);
            Assert.Matches($"id=\"status-{registration}\"[\\s\\S]*?<option value=\"IZIN\" selected", html); // the choice is kept
        }
        Assert.Equal(AttendanceStatus.Hadir, await StatusAsync(registration, data.SessionIds[0]));

        form["Reason"] = "Peserta mengirim surat izin sesi 1";
        using var saved = await staff.PostFormAsync(Grid(data.BatchId), form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(AttendanceStatus.Izin, await StatusAsync(registration, data.SessionIds[0]));
        await using var db = Database.CreateDbContext();
        var audit = await db.AuditEntries.Where(e => e.Action == "attendance.correct" && e.EntityId == registration.ToString(CultureInfo.InvariantCulture))
            .SingleAsync();
        Assert.Contains("Peserta mengirim surat izin sesi 1", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_session_grid_names_the_certificate_a_change_would_make_untrue_and_revokes_it_when_confirmed()
    {
        var issued = await CertificatedAsync();
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var grid = Grid(issued.Data.BatchId);
        var page = Html(await staff.GetStringAsync(grid));
        Assert.Contains($"Bila perubahan membuat sertifikat {issued.Number} tidak lagi benar", page, StringComparison.Ordinal);
        var form = SessionGridTests.Form(page, new Dictionary<long, string> { [issued.Registration] = "ALPA" });
        form["Reason"] = "Peserta tidak hadir pada sesi 1";

        string refusedHtml;
        using (var refused = await staff.PostFormAsync(grid, form))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            refusedHtml = Html(await refused.Content.ReadAsStringAsync());
        }
        Assert.Contains($"Sertifikat {issued.Number} tidak lagi benar bila perubahan ini disimpan: peserta tidak lagi lulus", refusedHtml, StringComparison.Ordinal);
        Assert.Matches($"id=\"status-{issued.Registration}\"[\\s\\S]*?<option value=\"ALPA\" selected", refusedHtml);
        Assert.Equal(AttendanceStatus.Hadir, await StatusAsync(issued.Registration, issued.Data.SessionIds[0]));
        Assert.False(await RevokedAsync(issued.Number));

        // The same form, as it came back, with the revocation confirmed.
        var again = SessionGridTests.Form(refusedHtml, new Dictionary<long, string>());
        again["Reason"] = "Peserta tidak hadir pada sesi 1";
        again["RevokeCertificates"] = "true";
        using var saved = await staff.PostFormAsync(grid, again);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = Html(await staff.GetStringAsync(saved.Headers.Location!.ToString()));
        Assert.Contains($"Kehadiran 1 peserta disimpan. Sertifikat {issued.Number} dicabut.", after, StringComparison.Ordinal);
        Assert.Equal(AttendanceStatus.Alpa, await StatusAsync(issued.Registration, issued.Data.SessionIds[0]));
        Assert.True(await RevokedAsync(issued.Number));
        using var anonymous = Factory.CreateClient();
        Assert.Contains("Sertifikat dicabut", Html(await anonymous.GetStringAsync($"/verifikasi/{issued.Code}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_per_person_attendance_form_names_the_certificate_and_revokes_it_in_the_same_form_when_confirmed()
    {
        var issued = await CertificatedAsync();
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var url = $"/Registrations/Edit/{issued.Registration}";
        var page = Html(await staff.GetStringAsync(url));
        var version = SessionVersion().Match(page).Groups[1].Value;
        Assert.NotEmpty(version);
        var fields = new Dictionary<string, string>
        {
            ["Attendance[0].SessionNumber"] = "1", ["Attendance[0].Status"] = "ALPA", ["Attendance[0].CheckIn"] = "", ["Attendance[0].Mode"] = "",
            ["Attendance[0].SeenStatus"] = "HADIR", ["Attendance[0].Version"] = version,
            ["AttendanceRevocation.Reason"] = "Peserta tidak hadir pada sesi 1",
        };

        using (var refused = await staff.PostFormAsync(url, fields, $"{url}?handler=Attendance"))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var html = Html(await refused.Content.ReadAsStringAsync());
            Assert.Contains($"Sertifikat {issued.Number} tidak lagi benar bila perubahan ini disimpan", html, StringComparison.Ordinal);
            Assert.Contains("id=\"kehadiran-revocation-revoke\"", html, StringComparison.Ordinal); // the revoke is offered in the attendance form
        }
        Assert.Equal(AttendanceStatus.Hadir, await StatusAsync(issued.Registration, issued.Data.SessionIds[0]));

        fields["AttendanceRevocation.RevokeCertificate"] = "true";
        using var saved = await staff.PostFormAsync(url, fields, $"{url}?handler=Attendance");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = Html(await staff.GetStringAsync(saved.Headers.Location!.ToString()));
        Assert.Contains($"Sertifikat {issued.Number} dicabut.", after, StringComparison.Ordinal);
        Assert.Contains("Peserta tidak hadir pada sesi 1", after, StringComparison.Ordinal); // the revocation's reason on the page
        Assert.Equal(AttendanceStatus.Alpa, await StatusAsync(issued.Registration, issued.Data.SessionIds[0]));
        Assert.True(await RevokedAsync(issued.Number));
    }

    [GeneratedRegex("id=\"sesi-1\"[\\s\\S]*?name=\"Attendance\\[0\\].Version\" value=\"(\\d+)\"")]
    private static partial Regex SessionVersion();
}
