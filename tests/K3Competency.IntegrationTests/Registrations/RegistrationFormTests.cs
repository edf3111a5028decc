using System.Globalization;
using System.Net;
using K3Competency.Application.Batches;
using K3Competency.Application.Identity;
using K3Competency.Application.Institutions;
using K3Competency.Application.Programmes;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace K3Competency.IntegrationTests.Registrations;

public sealed class RegistrationFormTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private async Task<(int BatchId, int ProgrammeId)> BatchAsync(int? capacity = null)
    {
        using var scope = Factory.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var code = "LPK-" + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();
        await sp.GetRequiredService<InstitutionService>().CreateAsync(new InstitutionInput(code, "Lembaga Uji", "LEMBAGA_PELATIHAN", "35"), Actor.System, default);
        var programme = await sp.GetRequiredService<ProgrammeService>().CreateAsync(new ProgrammeInput("P-" + Guid.NewGuid().ToString("N")[..6], "Program Uji", 2023), Actor.System, default);
        var batch = await sp.GetRequiredService<BatchService>().CreateAsync(programme.Value!.Id,
            new BatchInput(1, new DateOnly(2023, 11, 16), new DateOnly(2023, 11, 17), "HYBRID", "Jakarta", capacity, "REGISTRATION_OPEN", [code],
                [new SessionInput(1, new DateOnly(2023, 11, 16), "Hari 1"), new SessionInput(2, new DateOnly(2023, 11, 17), "Hari 2")]), Actor.System, default);
        return (batch.Value!.Id, programme.Value.Id);
    }

    private static Dictionary<string, string> Form(string nik, string name = "Budi Santoso", string category = "AHLI_K3", string? field = "UMUM", string? gender = null) => new()
    {
        ["Input.Nik"] = nik,
        ["Input.FullName"] = name,
        ["Input.Category"] = category,
        ["Input.ExpertiseField"] = field ?? "",
        ["Input.Gender"] = gender ?? "",
        ["Input.Phone"] = "0812-3456-7890",
        ["Input.AttendanceMode"] = "LURING",
    };

    [Fact]
    public async Task Staff_registers_a_person_from_the_NIK_and_the_person_is_derived_from_it()
    {
        var (batchId, _) = await BatchAsync();
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        using var r = await staff.PostFormAsync($"/Batches/Register/{batchId}", Form("3578-0801-0203-0001"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        await using var db = Database.CreateDbContext();
        var person = await db.Participants.SingleAsync();
        Assert.Equal("3578080102030001", person.Nik);
        Assert.Equal(new DateOnly(2003, 2, 1), person.BirthDate);
        Assert.Equal(Gender.L, person.Gender);
        Assert.Equal("35", person.ProvinceCode);
        Assert.Equal("+6281234567890", person.Phone);
        var registration = await db.Registrations.SingleAsync();
        Assert.Equal(ParticipantCategory.AhliK3, registration.Category);
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "registration.create");
        Assert.Contains("3578********0001", audit.After, StringComparison.Ordinal);
        Assert.DoesNotContain("3578080102030001", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_rule_failure_is_shown_beside_its_field_in_Indonesian()
    {
        var (batchId, _) = await BatchAsync();
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var form = Form("3578080102030001", field: null, gender: "P");
        form["Input.Email"] = "bukan-email";
        using var r = await staff.PostFormAsync($"/Batches/Register/{batchId}", form);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
        Assert.Contains("Bidang keahlian wajib diisi untuk kategori AHLI_K3", html, StringComparison.Ordinal);
        Assert.Contains("tidak sesuai dengan NIK", html, StringComparison.Ordinal);
        Assert.Contains("Alamat email tidak valid", html, StringComparison.Ordinal);

        using var bad = await staff.PostFormAsync($"/Batches/Register/{batchId}", Form("3578080102030000"));
        Assert.Contains("tidak boleh 0000", System.Net.WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await using var db = Database.CreateDbContext();
        Assert.Equal(0, await db.Registrations.CountAsync());
    }

    [Fact]
    public async Task Second_registration_of_a_person_in_a_batch_is_refused_with_a_link_to_the_first()
    {
        var (batchId, _) = await BatchAsync();
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        (await staff.PostFormAsync($"/Batches/Register/{batchId}", Form("3578080102030001"))).Dispose();
        using var again = await staff.PostFormAsync($"/Batches/Register/{batchId}", Form("3578080102030001", category: "PENGAWAS", field: null));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var html = await again.Content.ReadAsStringAsync();
        await using var db = Database.CreateDbContext();
        var personId = (await db.Participants.SingleAsync()).Id;
        Assert.Contains("sudah terdaftar di angkatan ini", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Participants/Details/{personId}\"", html, StringComparison.Ordinal);
        Assert.Equal(1, await db.Registrations.CountAsync());
    }

    [Fact]
    public async Task Capacity_is_respected()
    {
        var (batchId, _) = await BatchAsync(capacity: 1);
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        (await staff.PostFormAsync($"/Batches/Register/{batchId}", Form("3578080102030001"))).Dispose();
        using var full = await staff.PostFormAsync($"/Batches/Register/{batchId}", Form("3578080102030002", name: "Sari Dewi"));
        Assert.Contains("sudah penuh", await full.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Known_NIK_fills_in_the_person_without_JavaScript()
    {
        var (batchId, programmeId) = await BatchAsync();
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        (await staff.PostFormAsync($"/Batches/Register/{batchId}", Form("3578080102030001", name: "Budi Santoso"))).Dispose();
        using var scope = Factory.Services.CreateScope();
        var second = await scope.ServiceProvider.GetRequiredService<BatchService>().CreateAsync(programmeId,
            new BatchInput(2, new DateOnly(2023, 12, 1), new DateOnly(2023, 12, 1), "DARING", null, null, null, [], [new SessionInput(1, new DateOnly(2023, 12, 1), null)]), Actor.System, default);

        using var check = await staff.PostFormAsync($"/Batches/Register/{second.Value!.Id}", new Dictionary<string, string> { ["Input.Nik"] = "3578080102030001" },
            $"/Batches/Register/{second.Value.Id}?handler=Check");
        var html = System.Net.WebUtility.HtmlDecode(await check.Content.ReadAsStringAsync());
        Assert.Contains("value=\"Budi Santoso\"", html, StringComparison.Ordinal);
        Assert.Contains("lahir Sabtu, 1 Februari 2003", html, StringComparison.Ordinal);
        Assert.Contains("Jawa Timur", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_mask_the_NIK_and_only_staff_see_it_whole_on_the_profile_audited()
    {
        var (batchId, _) = await BatchAsync();
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        (await staff.PostFormAsync($"/Batches/Register/{batchId}", Form("3578080102030001"))).Dispose();
        await using var db = Database.CreateDbContext();
        var personId = (await db.Participants.SingleAsync()).Id;

        var list = await staff.GetStringAsync($"/Batches/Details/{batchId}");
        Assert.Contains("3578********0001", list, StringComparison.Ordinal);
        Assert.DoesNotContain("3578080102030001", list, StringComparison.Ordinal);
        var search = await staff.GetStringAsync("/Participants?q=Budi");
        Assert.Contains("3578********0001", search, StringComparison.Ordinal);
        Assert.DoesNotContain("3578080102030001", search, StringComparison.Ordinal);

        Assert.Contains("3578080102030001", await staff.GetStringAsync($"/Participants/Details/{personId}"), StringComparison.Ordinal);
        var entityId = personId.ToString(CultureInfo.InvariantCulture);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "participant.view-nik" && a.EntityId == entityId));

        using var director = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Director));
        var profile = await director.GetStringAsync($"/Participants/Details/{personId}");
        Assert.Contains("3578********0001", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("3578080102030001", profile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Second_of_two_concurrent_edits_is_refused_and_shows_the_current_values()
    {
        var (_, programmeId) = await BatchAsync();
        using var a = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        using var b = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var pageA = await a.GetStringAsync($"/Programmes/Edit/{programmeId}");
        var pageB = await b.GetStringAsync($"/Programmes/Edit/{programmeId}");
        string Version(string html) => System.Text.RegularExpressions.Regex.Match(html, "name=\"Input.Version\" value=\"(\\d+)\"").Groups[1].Value;

        Dictionary<string, string> Edit(string name, string version) => new()
        {
            ["Input.Code"] = "P-EDIT", ["Input.Name"] = name, ["Input.Year"] = "2023", ["Input.MinAttendancePercent"] = "80",
            ["Input.PassingScore"] = "70", ["Input.HighPerformanceScore"] = "85", ["Input.Version"] = version,
        };
        using var first = await a.PostFormAsync($"/Programmes/Edit/{programmeId}", Edit("Nama dari A", Version(pageA)));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        using var second = await b.PostFormAsync($"/Programmes/Edit/{programmeId}", Edit("Nama dari B", Version(pageB)));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var html = await second.Content.ReadAsStringAsync();
        Assert.Contains("baru saja diubah oleh pengguna lain", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Nama dari A\"", html, StringComparison.Ordinal);

        await using var db = Database.CreateDbContext();
        Assert.Equal("Nama dari A", (await db.Programmes.SingleAsync(p => p.Id == programmeId)).Name);
    }
}
