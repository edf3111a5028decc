using System.Text.RegularExpressions;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace K3Competency.BrowserTests;

/// <summary>
/// A person registers on a phone, Staff approves in the queue, the person signs in with the link from the mail and
/// sees the registration as "Diterima"; after the batch, the certificate appears on the same page (DESIGN §10.4, §10.5).
/// </summary>
public sealed partial class SelfServiceJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private readonly string _token = "j" + Guid.NewGuid().ToString("N")[..10];

    [GeneratedRegex(@"https?://[^\s]+/saya/masuk/[0-9a-f]{64}")]
    private static partial Regex SignInLink();

    private async Task<int> OpenBatchAsync()
    {
        await using var db = Fixture.Database.CreateDbContext();
        var batch = new Batch
        {
            Programme = new Programme { Code = "PKAK3-2026", Name = "Peningkatan Kompetensi Ahli K3 Tahun 2026", Year = 2026, CreatedAt = DateTime.UtcNow },
            Number = 1, StartDate = new DateOnly(2026, 12, 14), EndDate = new DateOnly(2026, 12, 14),
            Mode = BatchMode.Daring, Status = BatchStatus.RegistrationOpen, Capacity = 100, CreatedAt = DateTime.UtcNow,
        };
        batch.Sessions.Add(new BatchSession { Number = 1, Date = batch.StartDate, Title = "Sesi 1" });
        db.Batches.Add(batch);
        await db.SaveChangesAsync();
        return batch.Id;
    }

    private static async Task<string> MailTextAsync(string address, Func<Smtp4dev.Summary, bool> which)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if ((await Smtp4dev.Shared.MessagesAsync(address)).FirstOrDefault(which) is { } mail)
            {
                return (await Smtp4dev.Shared.MessageAsync(mail.Id)).TextBody ?? "";
            }
            Assert.True(DateTime.UtcNow < deadline, $"No such mail for {address} in 30 s.");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task Person_registers_on_a_phone_staff_approves_and_the_person_sees_it_accepted_and_later_the_certificate()
    {
        var batchId = await OpenBatchAsync();
        var email = $"dewi-{_token}@uji.k3.local";
        await Page.SetViewportSizeAsync(390, 844);

        await Page.GotoAsync($"/daftar/{batchId}");
        await Page.GetByLabel("NIK (16 digit)").FillAsync("3578015505900001");
        await Page.GetByLabel("Nama lengkap").FillAsync("Dewi Kartika");
        await Page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await Page.GetByLabel("Bidang keahlian (Ahli K3)").SelectOptionAsync("KONSTRUKSI");
        await Page.GetByLabel("Mode kehadiran").SelectOptionAsync("DARING");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Daftar", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Pendaftaran diterima; periksa e-mail Anda.");
        Assert.Contains("terdaftar, menunggu verifikasi", await MailTextAsync(email, m => m.Subject.Contains("menunggu", StringComparison.Ordinal)),
            StringComparison.Ordinal);

        await Page.SetViewportSizeAsync(1280, 800);
        await SignInToAppAsync(await TestUsers.CreateAsync(Fixture.Factory, Roles.Staff));
        await Page.GotoAsync($"/Registrations/Queue/{batchId}");
        await Assertions.Expect(Page.Locator("[data-capacity]")).ToContainTextAsync("dari kapasitas 100");
        await Page.GetByLabel("Pilih Dewi Kartika").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Terima yang dipilih" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 pendaftaran diterima.");

        await Page.SetViewportSizeAsync(390, 844);
        await Page.GotoAsync("/saya");
        await Page.GetByLabel("Alamat e-mail").FillAsync(email);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Kirim tautan masuk" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("tautan masuk telah dikirim");
        var link = SignInLink().Match(await MailTextAsync(email, m => m.Subject.Contains("Tautan masuk", StringComparison.Ordinal))).Value;
        await Page.GotoAsync(new Uri(link).PathAndQuery);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Masuk", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.Locator("[data-registration-status]")).ToHaveTextAsync("Diterima");

        // The batch is held: she attends, passes, and Staff issues the certificates.
        await using (var db = Fixture.Database.CreateDbContext())
        {
            var registration = await db.Registrations.Include(r => r.Batch!).ThenInclude(b => b.Sessions).SingleAsync(r => r.BatchId == batchId);
            registration.Attendances.Add(new Attendance { SessionId = registration.Batch!.Sessions[0].Id, Status = AttendanceStatus.Hadir, UpdatedAt = DateTime.UtcNow });
            registration.PostTestScore = 90;
            registration.Batch.Status = BatchStatus.Finished;
            await db.SaveChangesAsync();
        }
        using (var staff = await TestUsers.BearerClientAsync(Fixture.Factory, Roles.Staff))
        {
            (await staff.PostAsync($"/api/v1/batches/{batchId}/certificates", null)).EnsureSuccessStatusCode();
        }
        await Page.ReloadAsync();
        var certificate = Page.Locator("[data-certificate]");
        await Assertions.Expect(certificate).ToContainTextAsync("PKAK3-2026/01/000001");
        await Assertions.Expect(certificate.GetByRole(AriaRole.Link, new() { Name = "Unduh PDF" })).ToBeVisibleAsync();
    }
}
