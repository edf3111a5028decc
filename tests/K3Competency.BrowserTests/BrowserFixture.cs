using K3Competency.Application.Batches;
using K3Competency.Application.Identity;
using K3Competency.Application.Institutions;
using K3Competency.Application.Programmes;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace K3Competency.BrowserTests;

/// <summary>The app on Kestrel and one Chromium for the whole run; each test gets a fresh browser context.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = new("browser");
    public K3AppFactory Factory { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    private IPlaywright _playwright = null!;

    public async Task InitializeAsync()
    {
        await Database.CreateAsync();
        Factory = new K3AppFactory(Database);
        BaseAddress = Factory.StartKestrel();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("K3_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            Locale = Formats.Culture.Name,
            TimezoneId = Formats.Wib.Id,
            AcceptDownloads = true,
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Factory.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture fixture) : IAsyncLifetime
{
    protected BrowserFixture Fixture { get; } = fixture;
    protected IPage Page { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        await Fixture.Database.ResetAsync();
        Page = await Fixture.NewPageAsync();
    }

    public virtual async Task DisposeAsync() => await Page.Context.CloseAsync();

    /// <summary>A two-session hybrid batch (PKAK3-2024, ke-1) open for registration, partnered by LPK-JATIM.</summary>
    protected async Task<int> JatimBatchAsync()
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        var sp = scope.ServiceProvider;
        await sp.GetRequiredService<InstitutionService>().CreateAsync(new InstitutionInput("LPK-JATIM", "LPK Jawa Timur", "LEMBAGA_PELATIHAN", "35"), Actor.System, default);
        var programme = await sp.GetRequiredService<ProgrammeService>().CreateAsync(new ProgrammeInput("PKAK3-2024", "Peningkatan Kompetensi Ahli K3 Tahun 2024", 2024), Actor.System, default);
        var batch = await sp.GetRequiredService<BatchService>().CreateAsync(programme.Value!.Id,
            new BatchInput(1, new DateOnly(2024, 5, 14), new DateOnly(2024, 5, 15), "HYBRID", "Surabaya", null, "REGISTRATION_OPEN", ["LPK-JATIM"],
                [new SessionInput(1, new DateOnly(2024, 5, 14), "Hari 1"), new SessionInput(2, new DateOnly(2024, 5, 15), "Hari 2")]), Actor.System, default);
        return batch.Value!.Id;
    }

    /// <summary>Collects the console errors of a page (a CSP violation among them) into <paramref name="errors"/>.</summary>
    protected static void CollectErrors(IPage page, List<string> errors) =>
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };

    /// <summary>Fills in the login form and submits it, as a user would.</summary>
    protected async Task SignInAsync(TestUser user)
    {
        await Page.GotoAsync("/Account/Login");
        await Page.GetByLabel("Email").FillAsync(user.Email);
        await Page.GetByLabel("Kata sandi").FillAsync(user.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Masuk" }).ClickAsync();
    }

    /// <summary>Signs in and waits until the app has taken the user past the login page.</summary>
    protected async Task SignInToAppAsync(TestUser user)
    {
        await SignInAsync(user);
        await Page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }
}
