using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Testing;
using Microsoft.Playwright;

namespace K3Competency.BrowserTests.Deliveries;

/// <summary>Staff e-mail a batch's certificates and watch them go out, on a page that updates itself.</summary>
public sealed class SendJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private readonly string _token = "b" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A finished one-session batch whose people all completed, with these addresses (none for null).</summary>
    private async Task<int> BatchAsync(params (string Name, string? Email)[] people)
    {
        await using var db = Fixture.Database.CreateDbContext();
        var batch = new Batch
        {
            Programme = new Programme { Code = "PKAK3-2023", Name = "Peningkatan Kompetensi Ahli K3 Tahun 2023", Year = 2023, CreatedAt = DateTime.UtcNow },
            Number = 6, StartDate = new DateOnly(2023, 11, 16), EndDate = new DateOnly(2023, 11, 17),
            Mode = BatchMode.Hybrid, Status = BatchStatus.Finished, CreatedAt = DateTime.UtcNow,
        };
        batch.Sessions.Add(new BatchSession { Number = 1, Date = batch.StartDate, Title = "Sesi 1" });
        db.Batches.Add(batch);
        await db.SaveChangesAsync();
        for (var i = 0; i < people.Length; i++)
        {
            var registration = new Registration
            {
                Batch = batch,
                Participant = new Participant
                {
                    Nik = $"357808010285{i + 1:D4}", FullName = people[i].Name, Email = people[i].Email, Gender = Gender.L,
                    BirthDate = new DateOnly(1985, 2, 1), ProvinceCode = "35", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                },
                Category = ParticipantCategory.AhliK3, ExpertiseField = "KONSTRUKSI", AttendanceMode = AttendanceMode.Luring,
                PostTestScore = 90, RegisteredAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            registration.Attendances.Add(new Attendance { SessionId = batch.Sessions[0].Id, Status = AttendanceStatus.Hadir, UpdatedAt = DateTime.UtcNow });
            db.Registrations.Add(registration);
        }
        await db.SaveChangesAsync();
        return batch.Id;
    }

    [Fact]
    public async Task Staff_preview_confirm_and_watch_the_certificates_reach_every_address_without_reloading()
    {
        var batchId = await BatchAsync(
            ("Agus Salim", $"agus-{_token}@uji.k3.local"),
            ("Budi Santoso", null),
            ("Citra Lestari", $"citra-{_token}@uji.k3.local"));
        Page.Dialog += (_, dialog) => dialog.AcceptAsync();
        var errors = new List<string>();
        Page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };
        await SignInToAppAsync(await TestUsers.CreateAsync(Fixture.Factory, Roles.Staff));

        await Page.GotoAsync($"/Certificates/Batch/{batchId}");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Terbitkan sertifikat" }).ClickAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Kirim sertifikat" }).ClickAsync();

        var preview = Page.GetByRole(AriaRole.Region, new() { Name = "Pratinjau pengiriman" });
        await Assertions.Expect(preview).ToContainTextAsync("2 sertifikat akan dikirim");
        await Assertions.Expect(Page.GetByRole(AriaRole.List, new() { Name = "Tanpa e-mail" })).ToContainTextAsync("Budi Santoso");
        var sample = Page.GetByRole(AriaRole.Figure, new() { Name = "Contoh e-mail" });
        await Assertions.Expect(sample).ToContainTextAsync("Yth. Agus Salim,");
        await Assertions.Expect(sample).ToContainTextAsync("sertifikat-PKAK3-2023-06-000001.pdf");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Kirim sertifikat" }).ClickAsync();
        await Assertions.Expect(preview).ToContainTextAsync("konfirmasi pengiriman");
        // Citra's address now makes the server hold her mail back (451) for a few seconds, so the page is
        // seen while it waits; the retries (1-2 s apart in tests) reach it after that.
        await using (var db = Fixture.Database.CreateDbContext())
        {
            var citra = db.Participants.Single(p => p.FullName == "Citra Lestari");
            citra.Email = Smtp4dev.DeferredAddress(DateTimeOffset.UtcNow.AddSeconds(4), _token);
            await db.SaveChangesAsync();
        }
        await Page.GetByLabel("Saya sudah memeriksa penerima dan contoh e-mail").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Kirim sertifikat" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("2 e-mail sertifikat masuk antrean");

        var table = Page.GetByRole(AriaRole.Table, new() { Name = "Status per penerima" });
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(table.GetByText("Dalam antrean")).ToHaveCountAsync(1, new() { Timeout = 5000 });
        // No one reloads: the page follows the run by itself until both are sent.
        await Assertions.Expect(table.GetByText("Terkirim")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        await Assertions.Expect(Page.GetByText("Tidak ada e-mail dalam antrean.")).ToBeVisibleAsync(new() { Timeout = 10_000 });

        var received = await Smtp4dev.Shared.MessagesAsync(_token);
        Assert.Equal(2, received.Count);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }
}
