using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace K3Competency.BrowserTests.Accessibility;

/// <summary>
/// WCAG 2.1 AA (issue 16): axe-core's wcag2a, wcag2aa, wcag21a and wcag21aa rules on every page the app maps, found
/// through its own endpoint data source as the authorisation matrix finds them, for anonymous and each role, on a
/// laptop and on a phone. A page added later is audited without a line here, unless its route needs an id, which
/// <see cref="UrlAsync"/> must then be taught.
/// </summary>
public sealed class AccessibilityTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture)
{
    private const string Anonymous = "anonymous";

    private static readonly (string Name, int Width, int Height)[] Sizes = [("laptop", 1366, 768), ("phone", 390, 844)];

    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    public static TheoryData<string> Callers => [Anonymous, .. Roles.All];

    /// <summary>Every Razor page by its path, with the route template it answers at.</summary>
    private IReadOnlyDictionary<string, string> DiscoverPages() =>
        Fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Page: e.Metadata.GetMetadata<PageActionDescriptor>(), Route: e.RoutePattern.RawText ?? ""))
            .Where(e => e.Page is not null)
            .GroupBy(e => e.Page!.ViewEnginePath, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => "/" + g.Select(e => e.Route).OrderBy(r => r.Length).First().TrimStart('/'), StringComparer.Ordinal);

    /// <summary>The address that shows a page with content from <paramref name="world"/>.</summary>
    private async Task<string> UrlAsync(string page, string route, AccessibilityWorld world) => page switch
    {
        // The phone page of a QR code scanned now: the token changes every 30 seconds.
        "/Presensi/Index" => $"/presensi/{await world.CheckInTokenAsync(Fixture)}",
        "/Attendance/MeetingReport" or "/Attendance/Session" or "/CheckIn/Display" => $"{page}/{world.BatchId}/1",
        "/CheckIn/Devices" or "/Certificates/Send" => $"{page}/{world.BatchId}",
        "/Participants/Edit" => $"{page}/{world.ParticipantId}",
        "/Attendance/Review" => $"{page}/{world.MeetingReportId}",
        "/Batches/Details" or "/Batches/Edit" or "/Batches/Register" or "/Batches/Delete" => $"{page}/{world.BatchId}",
        "/Programmes/Details" or "/Programmes/Edit" or "/Programmes/Delete" => $"{page}/{world.ProgrammeId}",
        "/Institutions/Edit" => $"{page}/{world.InstitutionId}",
        "/Participants/Details" => $"{page}/{world.ParticipantId}",
        "/Registrations/Edit" => $"{page}/{world.RegistrationId}",
        "/Uploads/Errors" or "/Uploads/Undo" or "/Uploads/Changes" => $"{page}/{world.UploadId}",
        "/Uploads/New" => $"{page}?batchId={world.BatchId}",
        "/Admin/Users/Edit" => $"{page}/{world.Users[Roles.Director].Id}",
        "/Certificates/Batch" => $"{page}/{world.BatchId}",
        "/Certificates/View" or "/Certificates/Pdf" => $"{page}/{world.CertificateCode}",
        "/Verify/Index" => $"/verifikasi/{world.CertificateCode}",
        "/Participants/Index" => $"{page}?angkatan={world.BatchId}",
        // Self-service: the public form of the batch, the queue, and the participant's pages (a link that is no longer
        // valid shows its message; a staff member or a visitor without a participant session is sent to /saya).
        "/Daftar/Index" => $"/daftar/{world.BatchId}",
        "/Registrations/Queue" => $"{page}/{world.BatchId}",
        "/Saya/Masuk" => "/saya/masuk/tidak-berlaku",
        "/Saya/Email" => "/saya/email/tidak-berlaku",
        "/Saya/Sertifikat" => $"/saya/sertifikat/{world.CertificateCode}",
        _ when route.Contains('{', StringComparison.Ordinal) && !route.Contains("?}", StringComparison.Ordinal) =>
            throw new InvalidOperationException($"{page} ({route}) needs an id: add it to AccessibilityTests.UrlAsync."),
        _ => route.Split('{')[0].TrimEnd('/') is { Length: > 0 } path ? path : "/",
    };

    /// <summary>Goes to <paramref name="url"/>; null when it is a file download rather than a page.</summary>
    private async Task<IResponse?> OpenAsync(string url)
    {
        try
        {
            return await Page.GotoAsync(url);
        }
        catch (PlaywrightException e) when (e.Message.Contains("Download is starting", StringComparison.Ordinal))
        {
            return null;
        }
    }

    private bool OnLoginPage() => new Uri(Page.Url).AbsolutePath.StartsWith("/Account/Login", StringComparison.Ordinal);

    /// <summary>axe on the page as it stands, at each size.</summary>
    private async Task AuditAsync(string what, List<string> audited, List<string> violations)
    {
        // axe flags a scroll box only when its content overflows at that size with this data; a table box must be a
        // focusable labelled region (k3-scroll-region) whatever it holds.
        var boxes = await Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('.table-responsive')]
                .filter(e => e.getAttribute('role') !== 'region' || e.tabIndex !== 0 || !e.getAttribute('aria-label'))
                .map(e => e.outerHTML.slice(0, 160))
            """);
        violations.AddRange(boxes.Select(html => $"{what}: a table box that is not a focusable labelled region (k3-scroll-region): {html}"));
        foreach (var (size, width, height) in Sizes)
        {
            await Page.SetViewportSizeAsync(width, height);
            var result = await Page.RunAxe(Wcag21AA);
            audited.Add($"{what} ({size})");
            violations.AddRange(result.Violations.SelectMany(v => v.Nodes.Select(n =>
                $"{what} [{size}] {v.Id} ({v.Impact}): {v.Help} at {n.Target}: {n.Html}")));
        }
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Every_page_meets_WCAG_21_AA_on_a_laptop_and_on_a_phone(string caller)
    {
        var world = await AccessibilityWorld.BuildAsync(Fixture);
        if (caller != Anonymous)
        {
            await SignInToAppAsync(world.Users[caller]);
        }

        var violations = new List<string>();
        var audited = new List<string>();
        foreach (var (page, route) in DiscoverPages().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var url = await UrlAsync(page, route, world);
            var response = await OpenAsync(url);
            var loginFlow = page.StartsWith("/Account/Login", StringComparison.Ordinal);
            if (caller != Anonymous && !loginFlow && OnLoginPage())
            {
                // Outside the login flow a signed-in user who may not see a page gets 403, never the login page: the session ended
                // (a page of the audit changed the account's security stamp). Sign in again and look once more.
                await SignInToAppAsync(world.Users[caller]);
                response = await OpenAsync(url);
                Assert.False(OnLoginPage(), $"{caller} was sent to the login page by {url}.");
            }
            var contentType = response is null ? null : await response.HeaderValueAsync("content-type");
            if (response is null || response.Status != 200 || contentType?.StartsWith("text/html", StringComparison.Ordinal) != true
                || (page != "/Account/Login" && OnLoginPage()))
            {
                // Not a page for this caller (a login prompt, 403, 404) or not a page at all (a PDF, a CSV).
                continue;
            }
            await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await AuditAsync(url, audited, violations);
        }
        if (caller == Anonymous)
        {
            // The API reference with one operation opened: its parameters, request body and responses.
            await Page.GotoAsync("/dokumentasi-api");
            await Page.Locator("#operations-Imports-importRegistrations button.opblock-summary-control").ClickAsync();
            await Assertions.Expect(Page.Locator("#operations-Imports-importRegistrations .responses-wrapper")).ToBeVisibleAsync();
            await AuditAsync("/dokumentasi-api, an operation opened", audited, violations);
        }
        if (caller == Anonymous)
        {
            // The check-in phone page with a mistyped NIK: its message above the form.
            await Page.GotoAsync($"/presensi/{await world.CheckInTokenAsync(Fixture)}");
            await Page.GetByLabel("NIK").FillAsync("3578");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Catat kehadiran" }).ClickAsync();
            await Assertions.Expect(Page.GetByTestId("check-in-error")).ToBeVisibleAsync();
            await AuditAsync("/presensi, a mistyped NIK", audited, violations);
        }
        if (caller == Roles.Staff)
        {
            // The upload preview with its row errors: a page state that only a posted file reaches.
            await Page.GotoAsync($"/Uploads/New?batchId={world.BatchId}&kind=ATTENDANCE");
            if (OnLoginPage())
            {
                await SignInToAppAsync(world.Users[caller]);
                await Page.GotoAsync($"/Uploads/New?batchId={world.BatchId}&kind=ATTENDANCE");
            }
            await Page.GetByLabel("Berkas CSV atau XLSX").SetInputFilesAsync(new FilePayload
            {
                Name = "kehadiran.csv", MimeType = "text/csv",
                Buffer = System.Text.Encoding.UTF8.GetBytes("nik,sesi,status\r\n3578080102900001,1,HADIR\r\n3578080102900001,7,HADIR\r\n"),
            });
            await Page.GetByRole(AriaRole.Button, new() { Name = "Pratinjau" }).ClickAsync();
            await Assertions.Expect(Page.GetByTestId("import-errors")).ToBeVisibleAsync();
            await AuditAsync("/Uploads/New, the preview", audited, violations);
        }
        output.WriteLine($"{caller}: {audited.Count} audits: {string.Join(", ", audited)}");
        Assert.True(violations.Count == 0, $"{violations.Count} WCAG 2.1 AA violations for {caller}:\n" + string.Join("\n", violations.Distinct()));
        // Not vacuous: the public pages for anyone, and a signed-in user's own pages besides.
        Assert.True(audited.Count >= (caller == Anonymous ? 6 : 12), $"Only {audited.Count} audits for {caller}.");
    }
}
