using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.Domain.Rules;
using K3Competency.Testing;
using Microsoft.Playwright;

namespace K3Competency.BrowserTests.CheckIn;

/// <summary>The venue check-in of DESIGN §10.3: the staff display's QR code scanned off the screen by a phone.</summary>
public sealed class CheckInJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    // Tomorrow in WIB: the pinned clock is then ahead of every key and cookie the app has made.
    private static readonly DateOnly Day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).AddDays(1);
    private const string Nik = "3578080102900001";

    public override async Task DisposeAsync()
    {
        Fixture.Factory.Clock.Release();
        await base.DisposeAsync();
    }

    private async Task<int> BatchAsync()
    {
        await using var db = Fixture.Database.CreateDbContext();
        var batch = new Batch
        {
            Programme = new Programme { Code = "PKAK3-UJI", Name = "Peningkatan Kompetensi Ahli K3 Uji", Year = Day.Year, CreatedAt = DateTime.UtcNow },
            Number = 6,
            StartDate = Day,
            EndDate = Day,
            Mode = BatchMode.Hybrid,
            Status = BatchStatus.Running,
            CreatedAt = DateTime.UtcNow,
        };
        batch.Sessions.Add(new BatchSession { Number = 1, Date = Day, Title = "Hari 1" });
        var nik = Domain.Rules.Nik.Parse(Nik, Day).Nik!.Value;
        db.Registrations.Add(new Registration
        {
            Batch = batch,
            Participant = new Participant
            {
                Nik = nik.Value,
                FullName = "Budi Santoso Wibowo",
                Gender = nik.Gender,
                BirthDate = nik.BirthDate,
                ProvinceCode = nik.ProvinceCode,
                CreatedAt = DateTime.UtcNow,
                UpdatedAt = DateTime.UtcNow,
            },
            Category = ParticipantCategory.AhliK3,
            ExpertiseField = "UMUM",
            AttendanceMode = AttendanceMode.Luring,
            RegisteredAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        });
        db.Batches.Add(batch);
        await db.SaveChangesAsync();
        return batch.Id;
    }

    [Fact]
    public async Task A_phone_that_scans_the_display_and_types_a_NIK_is_Hadir_and_the_display_count_rises()
    {
        var batchId = await BatchAsync();
        Fixture.Factory.Clock.PinWib(Day, 8, 5);
        var errors = new List<string>();
        CollectErrors(Page, errors);
        await SignInToAppAsync(await TestUsers.CreateAsync(Fixture.Factory, Roles.Staff));
        await Page.GotoAsync($"/CheckIn/Display/{batchId}/1");
        var count = Page.Locator("[data-checkin-count]");
        await Assertions.Expect(count).ToHaveTextAsync("0");
        var qr = Page.GetByRole(AriaRole.Img, new() { Name = "Kode QR presensi" });
        var url = QrScanner.Scan(await qr.ScreenshotAsync());
        Assert.StartsWith($"{Fixture.BaseAddress.ToString().TrimEnd('/')}/presensi/", url, StringComparison.Ordinal);

        var phone = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            Locale = "id-ID",
            TimezoneId = "Asia/Jakarta",
        });
        try
        {
            var page = await phone.NewPageAsync();
            CollectErrors(page, errors);
            await page.GotoAsync(url);
            await page.GetByLabel("NIK (16 digit, sesuai KTP)").FillAsync(Nik);
            await page.GetByRole(AriaRole.Button, new() { Name = "Catat kehadiran" }).ClickAsync();
            var result = page.GetByTestId("check-in-result");
            await Assertions.Expect(result).ToContainTextAsync("Hadir");
            await Assertions.Expect(page.GetByTestId("check-in-name")).ToHaveTextAsync("Budi S***** W*****");
            await Assertions.Expect(result).ToContainTextAsync("08.05 WIB");
        }
        finally
        {
            await phone.CloseAsync();
        }

        await Assertions.Expect(count).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }
}
