using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using K3Competency.Application.Certificates;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using UglyToad.PdfPig;

namespace K3Competency.IntegrationTests.Certificates;

/// <summary>
/// What the downloaded PDF carries from the configuration: the programme's signatory (form and API) and the images
/// an Admin uploads on /Admin/CertificateImages, kept in PostgreSQL.
/// </summary>
public sealed class OfficialCertificateTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static byte[] Png(int width, int height, Rgba32 colour)
    {
        using var image = new Image<Rgba32>(width, height, colour);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    private static async Task<HttpResponseMessage> UploadAsync(FormClient admin, string handler, byte[] file, string fileName, int? programmeId = null)
    {
        var token = FormClient.AntiforgeryToken(await admin.GetStringAsync("/Admin/CertificateImages"))!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(file), "file", fileName },
        };
        var url = $"/Admin/CertificateImages?handler={handler}" + (programmeId is null ? "" : $"&programmeId={programmeId}");
        return await admin.Http.PostAsync(url, form);
    }

    private async Task<string> IssueOneAsync(CertificateTestData data)
    {
        var registration = await data.RegisterAsync("André Sébastien Ñúñez", present: 2, postTest: 90m);
        using (var scope = Factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CertificateService>().IssueForBatchAsync(data.BatchId, CertificateTestData.Staff, default);
        }
        await using var db = Database.CreateDbContext();
        return await db.Certificates.Where(c => c.RegistrationId == registration).Select(c => c.VerificationCode).SingleAsync();
    }

    [Fact]
    public async Task An_uploaded_logo_and_signature_and_the_programmes_signatory_appear_on_the_downloaded_pdf()
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(sessions: 2);
        var code = await IssueOneAsync(data);
        using var admin = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Admin));

        using var logo = await UploadAsync(admin, "Logo", Png(400, 400, new Rgba32(200, 30, 30, 255)), "logo.png");
        using var signature = await UploadAsync(admin, "Signature", Png(1600, 400, new Rgba32(0, 0, 90, 128)), "ttd.png", data.ProgrammeId);
        Assert.Equal(HttpStatusCode.Redirect, logo.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signature.StatusCode);
        await using (var db = Database.CreateDbContext())
        {
            var stored = await db.DocumentImages.AsNoTracking().OrderBy(i => i.Kind).ToListAsync();
            Assert.Equal([(DocumentImageKind.Logo, 400, 400), (DocumentImageKind.Signature, CertificateImages.MaxSide, 200)],
                stored.Select(i => (i.Kind, i.Width, i.Height)));
        }

        // The signatory through the API's programme fields is on the form too; here through the page.
        using var form = await admin.PostFormAsync($"/Programmes/Edit/{data.ProgrammeId}", new Dictionary<string, string>
        {
            ["Input.Code"] = data.ProgrammeCode,
            ["Input.Name"] = "Peningkatan Kompetensi Ahli K3 Tahun 2023",
            ["Input.Year"] = "2023",
            ["Input.MinAttendancePercent"] = "80",
            ["Input.PassingScore"] = "70",
            ["Input.HighPerformanceScore"] = "85",
            ["Input.SignatoryName"] = "Dr. Ir. Sri Wahyuningsih, M.T.",
            ["Input.SignatoryPosition"] = "Direktur Bina Kelembagaan K3",
            ["Input.SignatoryNip"] = "19700101 200312 2 001",
            ["Input.Version"] = await VersionAsync(data.ProgrammeId),
        });
        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);

        using var pdf = await admin.Http.GetAsync($"/Certificates/Pdf/{code}");
        using var document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
        var page = document.GetPage(1);
        var text = string.Join(' ', page.GetWords().Select(w => w.Text));
        Assert.Contains("Dr. Ir. Sri Wahyuningsih, M.T.", text, StringComparison.Ordinal);
        Assert.Contains("NIP 19700101 200312 2 001", text, StringComparison.Ordinal);
        var images = page.GetImages().ToList();
        Assert.Equal(3, images.Count);
        var top = images.Single(i => i.BoundingBox.Bottom > 450);
        Assert.True(top.TryGetPng(out var logoPng));
        using var printed = Image.Load<Rgba32>(logoPng);
        Assert.Equal(new Rgba32(200, 30, 30, 255), printed[printed.Width / 2, printed.Height / 2]);
    }

    [Fact]
    public async Task A_file_that_is_not_a_png_or_jpeg_is_refused_and_nothing_is_stored()
    {
        using var admin = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Admin));

        using var response = await UploadAsync(admin, "Logo", "GIF89a\u0001\u0000"u8.ToArray(), "logo.gif");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Gambar harus berformat PNG atau JPEG.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = Database.CreateDbContext();
        Assert.Equal(0, await db.DocumentImages.CountAsync());
    }

    [Fact]
    public async Task Removing_the_logo_brings_back_the_default()
    {
        using var admin = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Admin));
        using var upload = await UploadAsync(admin, "Logo", Png(100, 100, new Rgba32(1, 2, 3, 255)), "logo.png");

        using var remove = await admin.PostFormAsync("/Admin/CertificateImages", new Dictionary<string, string>(),
            "/Admin/CertificateImages?handler=Remove&kind=LOGO");

        Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        await using var db = Database.CreateDbContext();
        Assert.Equal(0, await db.DocumentImages.CountAsync());
        using var preview = await admin.Http.GetAsync("/Admin/CertificateImages?handler=Image&id=0");
        Assert.Equal(CertificateImages.DefaultLogo, await preview.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_programme_api_takes_the_signatory_and_refuses_a_wrong_NIP_with_the_rule()
    {
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        var code = "PKAK3-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

        using var wrong = await staff.PostAsJsonAsync("/api/v1/programs", new
        {
            code,
            name = "Peningkatan Kompetensi Ahli K3 Tahun 2024",
            year = 2024,
            signatoryName = "Budi",
            signatoryNip = "1970",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var errors = (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("18 digit", errors.GetProperty("signatoryNip")[0].GetString(), StringComparison.Ordinal);

        using var created = await staff.PostAsJsonAsync("/api/v1/programs", new
        {
            code,
            name = "Peningkatan Kompetensi Ahli K3 Tahun 2024",
            year = 2024,
            signatoryName = "Budi Santoso",
            signatoryPosition = "Direktur Bina Kelembagaan K3",
            signatoryNip = "19700101 199503 1 001",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var programme = (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/programs/{id}")).GetProperty("programme");
        Assert.Equal("Budi Santoso", programme.GetProperty("signatoryName").GetString());
        Assert.Equal("197001011995031001", programme.GetProperty("signatoryNip").GetString());
    }

    private async Task<string> VersionAsync(int programmeId)
    {
        await using var db = Database.CreateDbContext();
        return (await db.Programmes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => p.Version).SingleAsync())
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
