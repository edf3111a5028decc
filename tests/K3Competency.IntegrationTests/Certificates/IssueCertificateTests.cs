using K3Competency.Application;
using K3Competency.Application.Certificates;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace K3Competency.IntegrationTests.Certificates;

public sealed class IssueCertificateTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static readonly DateTimeOffset Now = new(2023, 11, 20, 3, 0, 0, TimeSpan.Zero);

    private CertificateService Service(out Application.Data.K3DbContext db)
    {
        db = Database.CreateDbContext();
        return new CertificateService(db, new FixedTime(Now));
    }

    private async Task<List<Certificate>> CertificatesAsync(int batchId)
    {
        await using var db = Database.CreateDbContext();
        return await db.Certificates.AsNoTracking().Where(c => c.BatchId == batchId).OrderBy(c => c.Sequence).ToListAsync();
    }

    [Fact]
    public async Task Every_completed_registration_gets_one_numbered_certificate_in_name_order()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(programmeCode: "PKAK3-2023");
        var citra = await data.RegisterAsync("Citra Lestari", present: 5, postTest: 88m);
        var budi = await data.RegisterAsync("Budi Santoso", present: 5, postTest: 75m);
        var agus = await data.RegisterAsync("Agus Salim", present: 4, postTest: 90.5m);

        var service = Service(out var db);
        await using (db)
        {
            var result = await service.IssueForBatchAsync(data.BatchId, CertificateTestData.Staff, default);
            Assert.Equal(new IssueResult(3, 0), result.Value);
        }

        var certificates = await CertificatesAsync(data.BatchId);
        Assert.Equal(["PKAK3-2023/06/000001", "PKAK3-2023/06/000002", "PKAK3-2023/06/000003"], certificates.Select(c => c.Number));
        Assert.Equal([agus, budi, citra], certificates.Select(c => c.RegistrationId));
        Assert.All(certificates, c =>
        {
            Assert.Equal(VerificationCode.Length, c.VerificationCode.Length);
            Assert.All(c.VerificationCode, ch => Assert.Contains(ch, VerificationCode.Alphabet));
            Assert.Equal(Now.UtcDateTime, c.IssuedAt);
            Assert.Equal("staff-1", c.IssuedBy);
        });
        Assert.Equal(3, certificates.Select(c => c.VerificationCode).Distinct().Count());

        await using var check = Database.CreateDbContext();
        var audit = await check.AuditEntries.SingleAsync(a => a.Action == "certificates.issue");
        Assert.Equal(data.BatchId.ToString(System.Globalization.CultureInfo.InvariantCulture), audit.EntityId);
        Assert.Equal("staff-1", audit.UserId);
        Assert.Contains("\"issued\": 3", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issuing_twice_issues_nothing_the_second_time()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        await data.RegisterAsync("Budi Santoso", present: 5, postTest: 80m);
        await data.RegisterAsync("Dewi Anggraini", present: 5, postTest: 80m);

        var service = Service(out var db);
        await using (db)
        {
            Assert.Equal(new IssueResult(2, 0), (await service.IssueForBatchAsync(data.BatchId, CertificateTestData.Staff, default)).Value);
            Assert.Equal(new IssueResult(0, 2), (await service.IssueForBatchAsync(data.BatchId, CertificateTestData.Admin, default)).Value);
        }

        Assert.Equal([1, 2], (await CertificatesAsync(data.BatchId)).Select(c => c.Sequence));
    }

    [Fact]
    public async Task Registrations_that_did_not_complete_get_no_certificate()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(sessions: 5);
        var completed = await data.RegisterAsync("Lulus Penuh", present: 5, postTest: 95m);
        await data.RegisterAsync("Kurang Hadir", present: 3, postTest: 95m);
        await data.RegisterAsync("Nilai Kurang", present: 5, postTest: 69.9m);
        await data.RegisterAsync("Belum Ujian", present: 5, postTest: null);
        await data.RegisterAsync("Izin Semua", present: 0, postTest: 95m, absent: AttendanceStatus.Izin);
        await data.RegisterAsync("Alpa Semua", present: 0, postTest: 95m, absent: AttendanceStatus.Alpa);

        var service = Service(out var db);
        await using (db)
        {
            Assert.Equal(new IssueResult(1, 0), (await service.IssueForBatchAsync(data.BatchId, CertificateTestData.Staff, default)).Value);
        }

        Assert.Equal([completed], (await CertificatesAsync(data.BatchId)).Select(c => c.RegistrationId));
    }

    [Fact]
    public async Task Exactly_the_minimum_attendance_and_passing_score_complete_in_every_category()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(sessions: 5);
        // 4 of 5 sessions = 80 % (late counts as present), post-test exactly 70.0.
        var ahli = await data.RegisterAsync("Ahli Tepat", present: 4, postTest: 70m, late: true);
        var pengawas = await data.RegisterAsync("Pengawas Tepat", present: 4, postTest: 70m, category: ParticipantCategory.Pengawas);
        var staf = await data.RegisterAsync("Staf Tepat", present: 4, postTest: 70m, category: ParticipantCategory.StafDirektorat);
        var anggota = await data.RegisterAsync("Anggota Tepat", present: 4, postTest: 70m, category: ParticipantCategory.AnggotaAlpk3i);

        var service = Service(out var db);
        await using (db)
        {
            Assert.Equal(new IssueResult(4, 0), (await service.IssueForBatchAsync(data.BatchId, CertificateTestData.Staff, default)).Value);
        }

        Assert.Equal(new[] { ahli, pengawas, staf, anggota }.Order(), (await CertificatesAsync(data.BatchId)).Select(c => c.RegistrationId).Order());
    }

    [Fact]
    public async Task Two_staff_issuing_at_the_same_moment_number_every_completed_registration_once_without_gaps()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(sessions: 2);
        var registrations = new List<long>();
        for (var i = 0; i < 60; i++)
        {
            registrations.Add(await data.RegisterAsync($"Peserta {i:D2}", present: 2, postTest: 80m));
        }
        await data.RegisterAsync("Tidak Lulus", present: 1, postTest: 80m);

        await using var first = Database.CreateDbContext();
        await using var second = Database.CreateDbContext();
        var results = await Task.WhenAll(
            Task.Run(() => new CertificateService(first, TimeProvider.System).IssueForBatchAsync(data.BatchId, CertificateTestData.Staff, default)),
            Task.Run(() => new CertificateService(second, TimeProvider.System).IssueForBatchAsync(data.BatchId, CertificateTestData.Admin, default)));

        Assert.Equal(60, results.Sum(r => r.Value!.Issued));
        var certificates = await CertificatesAsync(data.BatchId);
        Assert.Equal(Enumerable.Range(1, 60), certificates.Select(c => c.Sequence));
        Assert.Equal(registrations.Order(), certificates.Select(c => c.RegistrationId).Order());
        Assert.Equal(60, certificates.Select(c => c.Number).Distinct().Count());
    }

    [Fact]
    public async Task Revoking_then_issuing_again_gives_a_new_number_and_keeps_the_revoked_certificate()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(programmeCode: "PKAK3-2023");
        await data.RegisterAsync("Agus Salim", present: 5, postTest: 80m);
        var budi = await data.RegisterAsync("Budi Santoso", present: 5, postTest: 80m);
        await data.RegisterAsync("Citra Lestari", present: 5, postTest: 80m);

        var service = Service(out var db);
        await using (db)
        {
            await service.IssueForBatchAsync(data.BatchId, CertificateTestData.Staff, default);
        }
        var revokedCode = (await CertificatesAsync(data.BatchId)).Single(c => c.RegistrationId == budi).VerificationCode;

        service = Service(out db);
        await using (db)
        {
            var revoked = (await service.RevokeAsync(revokedCode, "  Salah cetak nama  ", CertificateTestData.Staff, default)).Value!;
            Assert.Equal("PKAK3-2023/06/000002", revoked.Number);
            Assert.Equal("Salah cetak nama", revoked.RevocationReason);
        }

        service = Service(out db);
        await using (db)
        {
            Assert.Equal(new IssueResult(1, 2), (await service.IssueForBatchAsync(data.BatchId, CertificateTestData.Staff, default)).Value);
        }

        var budis = (await CertificatesAsync(data.BatchId)).Where(c => c.RegistrationId == budi).ToList();
        Assert.Equal(2, budis.Count);
        Assert.Equal("PKAK3-2023/06/000002", budis[0].Number);
        Assert.Equal("Salah cetak nama", budis[0].RevocationReason);
        Assert.Equal(Now.UtcDateTime, budis[0].RevokedAt);
        Assert.Equal("staff-1", budis[0].RevokedBy);
        Assert.Equal("PKAK3-2023/06/000004", budis[1].Number);
        Assert.Null(budis[1].RevokedAt);
        Assert.NotEqual(revokedCode, budis[1].VerificationCode);
    }

    [Fact]
    public async Task Unknown_batch_is_not_found()
    {
        var service = Service(out var db);
        await using (db)
        {
            Assert.Equal(Failure.NotFound, (await service.IssueForBatchAsync(987654, CertificateTestData.Staff, default)).Failure);
        }
    }

    [Fact]
    public async Task Institution_admins_and_directors_may_not_issue_and_nothing_is_written()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        await data.RegisterAsync("Budi Santoso", present: 5, postTest: 80m);
        var institutionAdmin = new Application.Identity.Actor("lembaga-1", "Admin Lembaga", Roles.InstitutionAdmin, 1);

        var service = Service(out var db);
        await using (db)
        {
            foreach (var actor in new[] { institutionAdmin, CertificateTestData.Director })
            {
                Assert.Equal(Failure.Forbidden, (await service.IssueForBatchAsync(data.BatchId, actor, default)).Failure);
                Assert.Equal(Failure.Forbidden, (await service.ListForBatchAsync(data.BatchId, actor, default)).Failure);
            }
        }

        Assert.Empty(await CertificatesAsync(data.BatchId));
    }

    [Fact]
    public async Task The_app_resolves_the_certificate_service()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        await data.RegisterAsync("Budi Santoso", present: 5, postTest: 80m);

        using var scope = Factory.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<CertificateService>();
        Assert.Equal(new IssueResult(1, 0), (await service.IssueForBatchAsync(data.BatchId, CertificateTestData.Staff, default)).Value);
    }
}
