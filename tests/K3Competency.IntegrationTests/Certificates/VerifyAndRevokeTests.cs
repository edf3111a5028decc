using K3Competency.Application;
using K3Competency.Application.Certificates;
using K3Competency.Domain;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace K3Competency.IntegrationTests.Certificates;

public sealed class VerifyAndRevokeTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static readonly DateTimeOffset Now = new(2023, 11, 20, 3, 0, 0, TimeSpan.Zero);

    private async Task<T> WithService<T>(Func<CertificateService, Task<T>> work)
    {
        await using var db = Database.CreateDbContext();
        return await work(new CertificateService(db, new FixedTime(Now)));
    }

    private async Task<string> CodeOfAsync(long registrationId)
    {
        await using var db = Database.CreateDbContext();
        return await db.Certificates.Where(c => c.RegistrationId == registrationId && c.RevokedAt == null).Select(c => c.VerificationCode).SingleAsync();
    }

    private async Task<(CertificateTestData Data, long Registration)> IssuedAsync(string name = "Budi Santoso Wibowo", decimal postTest = 88m)
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(programmeCode: "PKAK3-2023");
        var registration = await data.RegisterAsync(name, present: 5, postTest: postTest);
        await WithService(s => s.IssueForBatchAsync(data.BatchId, CertificateTestData.Staff, default));
        return (data, registration);
    }

    [Fact]
    public async Task Anyone_verifying_a_code_sees_a_valid_certificate_with_the_holder_name_masked()
    {
        var (_, registration) = await IssuedAsync();
        var code = await CodeOfAsync(registration);

        var typed = $" {code[..4].ToLowerInvariant()}-{code[4..8]} {code[8..]} ";
        var result = await WithService(s => s.VerifyAsync(typed, default));

        Assert.NotNull(result);
        Assert.True(result.Valid);
        Assert.Equal("PKAK3-2023/06/000001", result.Number);
        Assert.Equal("Budi S***** W*****", result.Holder);
        Assert.Equal("Peningkatan Kompetensi Ahli K3 Tahun 2023", result.Programme);
        Assert.Equal("PKAK3-2023", result.ProgrammeCode);
        Assert.Equal(6, result.Batch);
        Assert.Equal(new DateOnly(2023, 11, 16), result.BatchStartDate);
        Assert.Equal(new DateOnly(2023, 11, 17), result.BatchEndDate);
        Assert.Equal(Now.UtcDateTime, result.IssuedAt);
        Assert.Null(result.RevokedAt);
    }

    [Theory]
    [InlineData("ABCDEFGHJKMN")]
    [InlineData("not a code")]
    [InlineData("")]
    public async Task An_unknown_code_verifies_as_nothing(string code)
    {
        await IssuedAsync();
        Assert.Null(await WithService(s => s.VerifyAsync(code, default)));
    }

    [Fact]
    public async Task A_revoked_certificate_verifies_as_invalid_with_date_and_reason()
    {
        var (_, registration) = await IssuedAsync();
        var code = await CodeOfAsync(registration);
        await WithService(s => s.RevokeAsync(code, "Nilai post-test dikoreksi", CertificateTestData.Admin, default));

        var result = await WithService(s => s.VerifyAsync(code, default));

        Assert.NotNull(result);
        Assert.False(result.Valid);
        Assert.Equal(Now.UtcDateTime, result.RevokedAt);
        Assert.Equal("Nilai post-test dikoreksi", result.RevocationReason);

        await using var db = Database.CreateDbContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "certificates.revoke");
        Assert.Equal("admin-1", audit.UserId);
        Assert.Contains("\"revokedAt\": null", audit.Before, StringComparison.Ordinal);
        Assert.Contains("Nilai post-test dikoreksi", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_twice_is_a_conflict_and_an_unknown_code_is_not_found()
    {
        var (_, registration) = await IssuedAsync();
        var code = await CodeOfAsync(registration);
        await WithService(s => s.RevokeAsync(code, "Salah cetak", CertificateTestData.Staff, default));

        var twice = await WithService(s => s.RevokeAsync(code, "Lagi", CertificateTestData.Staff, default));
        Assert.Equal(Failure.Conflict, twice.Failure);
        Assert.Contains("sudah dicabut", twice.Message, StringComparison.Ordinal);

        var unknown = await WithService(s => s.RevokeAsync("ABCDEFGHJKMN", "Salah", CertificateTestData.Staff, default));
        Assert.Equal(Failure.NotFound, unknown.Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Revoking_without_a_reason_is_refused_and_the_certificate_stays_valid(string reason)
    {
        var (_, registration) = await IssuedAsync();
        var code = await CodeOfAsync(registration);

        var refused = await WithService(s => s.RevokeAsync(code, reason, CertificateTestData.Staff, default));
        Assert.Equal(Failure.Validation, refused.Failure);
        Assert.Equal("reason", Assert.Single(refused.Errors).Key);
        Assert.True((await WithService(s => s.VerifyAsync(code, default)))!.Valid);
    }

    [Fact]
    public async Task A_reason_longer_than_the_limit_is_refused()
    {
        var (_, registration) = await IssuedAsync();
        var code = await CodeOfAsync(registration);

        var refused = await WithService(s => s.RevokeAsync(code, new string('x', FieldLengths.Reason + 1), CertificateTestData.Staff, default));
        Assert.Equal(Failure.Validation, refused.Failure);
        Assert.Contains("500", Assert.Single(refused.Errors["reason"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_director_may_not_revoke()
    {
        var (_, registration) = await IssuedAsync();
        var code = await CodeOfAsync(registration);

        var refused = await WithService(s => s.RevokeAsync(code, "Salah", CertificateTestData.Director, default));
        Assert.Equal(Failure.Forbidden, refused.Failure);
        Assert.True((await WithService(s => s.VerifyAsync(code, default)))!.Valid);
    }

    [Fact]
    public async Task The_list_shows_every_certificate_with_high_performance_from_the_current_score()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(programmeCode: "PKAK3-2023");
        var high = await data.RegisterAsync("Agus Salim", present: 5, postTest: 85m);
        var justBelow = await data.RegisterAsync("Budi Santoso", present: 5, postTest: 84.9m);
        var revoked = await data.RegisterAsync("Citra Lestari", present: 4, postTest: 99m);
        await WithService(s => s.IssueForBatchAsync(data.BatchId, CertificateTestData.Staff, default));
        var revokedCode = await CodeOfAsync(revoked);
        await WithService(s => s.RevokeAsync(revokedCode, "Salah cetak", CertificateTestData.Staff, default));

        var list = (await WithService(s => s.ListForBatchAsync(data.BatchId, CertificateTestData.Staff, default))).Value!;

        Assert.Equal(["Agus Salim", "Budi Santoso", "Citra Lestari"], list.Select(x => x.ParticipantName));
        Assert.Equal(["PKAK3-2023/06/000001", "PKAK3-2023/06/000002", "PKAK3-2023/06/000003"], list.Select(x => x.Number));
        Assert.Equal([high, justBelow, revoked], list.Select(x => x.RegistrationId));
        Assert.Equal([true, false, true], list.Select(x => x.HighPerforming));
        Assert.Equal([null, null, Now.UtcDateTime], list.Select(x => x.RevokedAt));
        Assert.Equal("Salah cetak", list[2].RevocationReason);

        // A corrected post-test score changes the predicate at once.
        await using (var db = Database.CreateDbContext())
        {
            await db.Registrations.Where(r => r.Id == justBelow).ExecuteUpdateAsync(u => u.SetProperty(r => r.PostTestScore, 90m));
        }
        list = (await WithService(s => s.ListForBatchAsync(data.BatchId, CertificateTestData.Admin, default))).Value!;
        Assert.True(list.Single(x => x.RegistrationId == justBelow).HighPerforming);
    }

    [Fact]
    public async Task The_printable_certificate_carries_number_name_batch_and_predicate()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(programmeCode: "PKAK3-2023");
        var registration = await data.RegisterAsync("Dewi Anggraini Putri", present: 5, postTest: 91.5m, field: "KEBAKARAN");
        await WithService(s => s.IssueForBatchAsync(data.BatchId, CertificateTestData.Staff, default));
        var code = await CodeOfAsync(registration);

        var doc = await WithService(s => s.GetDocumentAsync(code.ToLowerInvariant(), default));

        Assert.NotNull(doc);
        Assert.Equal("Dewi Anggraini Putri", doc.ParticipantName);
        Assert.Equal("K3 Penanggulangan Kebakaran", doc.ExpertiseFieldName);
        Assert.Equal(ParticipantCategory.AhliK3, doc.Category);
        Assert.Equal(BatchMode.Hybrid, doc.Mode);
        Assert.True(doc.HighPerforming);
        Assert.Equal(code, doc.VerificationCode);

        var pdf = CertificatePdf.Render(doc, $"https://k3.example.go.id/sertifikat/{code}");
        using var document = PdfDocument.Open(pdf);
        var page = Assert.Single(document.GetPages());
        Assert.True(page.Width > page.Height, "A4 landscape");
        var text = string.Join(" ", page.GetWords().Select(w => w.Text));
        Assert.Contains("SERTIFIKAT", text, StringComparison.Ordinal);
        Assert.Contains("PKAK3-2023/06/000001", text, StringComparison.Ordinal);
        Assert.Contains("Dewi Anggraini Putri", text, StringComparison.Ordinal);
        Assert.Contains("K3 Penanggulangan Kebakaran", text, StringComparison.Ordinal);
        Assert.Contains("Angkatan ke-6, 16-17 November 2023", text, StringComparison.Ordinal);
        Assert.Contains("Berkinerja Tinggi", text, StringComparison.Ordinal);
        Assert.Contains("Jakarta, 20 November 2023", text, StringComparison.Ordinal);
        Assert.Contains("Direktur Bina Kelembagaan K3", text, StringComparison.Ordinal);
        Assert.Contains(VerificationCode.Format(code), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_code_has_no_printable_certificate()
    {
        await IssuedAsync();
        Assert.Null(await WithService(s => s.GetDocumentAsync("ABCDEFGHJKMN", default)));
    }
}
