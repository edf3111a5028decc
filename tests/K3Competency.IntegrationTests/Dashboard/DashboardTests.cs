using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using K3Competency.Application.Demo;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using K3Competency.IntegrationTests.Reporting;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Npgsql;

namespace K3Competency.IntegrationTests.Dashboard;

/// <summary>
/// The director's dashboard, its exports and GET /api/v1/programs/{id}/summary over HTTP, against the
/// 2023 demo data that reproduces the public figures of DESIGN §1.
/// </summary>
public sealed class DashboardTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private const string Sentence =
        "Dalam 5 angkatan telah terkumpul Ahli K3 berkinerja tinggi sebanyak 7.436 orang dan Ahli K3 yang telah " +
        "ditingkatkan kompetensinya sebanyak 11.321 orang; ditambah angkatan ke-6 sebanyak 1.298 orang, total 12.619 orang.";

    /// <summary>Loads the 2023 demo programme and returns its id.</summary>
    private async Task<int> LoadDemoAsync()
    {
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<DemoDataLoader>().LoadIfEmptyAsync(CancellationToken.None));
        }
        await using var db = Database.CreateDbContext();
        return db.Programmes.Single(p => p.Code == "PKAK3-2023").Id;
    }

    /// <summary>A programme with no batch yet, as Staff would have just created it.</summary>
    private async Task<int> ProgrammeAsync(string code, string name, int year, int? targetUpgraded = null)
    {
        await using var db = Database.CreateDbContext();
        var programme = new Programme { Code = code, Name = name, Year = year, TargetUpgraded = targetUpgraded, CreatedAt = DateTime.UtcNow };
        db.Programmes.Add(programme);
        await db.SaveChangesAsync();
        return programme.Id;
    }

    private Task<HttpClient> BearerClientAsync(string role) => TestUsers.BearerClientAsync(Factory, role);

    private async Task<FormClient> SignedInAsync(string role) =>
        await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, role));

    /// <summary>A count straight from the rows (or the relation of the rule), to check a page against.</summary>
    private async Task<Dictionary<int, string>> CountsAsync(string sql)
    {
        await using var conn = await Database.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var counts = new Dictionary<int, string>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetInt32(0)] = Formats.Number(reader.GetInt64(1));
        }
        return counts;
    }

    /// <summary>The numbers in the cells of the first table row that <paramref name="row"/> starts.</summary>
    private static List<string> Numbers(string html, string row)
    {
        var match = Regex.Match(html, Regex.Escape(row) + "(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no row {row}");
        return [.. Regex.Matches(match.Groups[1].Value, @"<td class=""num[^""]*""[^>]*>([\d.]+)</td>").Select(m => m.Groups[1].Value)];
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }

    [Fact]
    public async Task Summary_API_gives_a_Director_the_2023_figures()
    {
        var id = await LoadDemoAsync();
        using var director = await BearerClientAsync(Roles.Director);

        using var response = await director.GetAsync($"/api/v1/programs/{id}/summary");
        var summary = await JsonAsync(response);

        Assert.Equal(id, summary.GetProperty("programId").GetInt32());
        Assert.Equal("PKAK3-2023", summary.GetProperty("code").GetString());
        Assert.Equal(2023, summary.GetProperty("year").GetInt32());
        var batches = summary.GetProperty("batches");
        Assert.Equal(6, batches.GetArrayLength());
        Assert.Equal(5, batches[4].GetProperty("number").GetInt32());
        Assert.Equal(11_321, batches[4].GetProperty("cumulativeUpgraded").GetInt32());
        Assert.Equal(7_436, batches[4].GetProperty("cumulativeHighPerforming").GetInt32());
        Assert.Equal(1_298, batches[5].GetProperty("upgraded").GetInt32());
        Assert.Equal(2_025, batches[5].GetProperty("participants").GetInt32());
        Assert.Equal(12_619, batches[5].GetProperty("cumulativeUpgraded").GetInt32());
        var totals = summary.GetProperty("totals");
        Assert.Equal(12_619, totals.GetProperty("upgraded").GetInt32());
        Assert.True(totals.GetProperty("upgradedParticipations").GetInt32() > 12_619, "experts upgraded twice count once in upgraded only");
        // §7.1 names every field; none is missing from a batch.
        foreach (var field in new[] { "number", "participants", "ahliK3", "upgraded", "completed", "highPerforming", "online", "offline", "cumulativeUpgraded", "cumulativeHighPerforming" })
        {
            Assert.True(batches[0].TryGetProperty(field, out _), $"batch has no {field}");
        }
        foreach (var field in new[] { "participants", "ahliK3", "upgraded", "upgradedParticipations", "completed", "highPerforming" })
        {
            Assert.True(totals.TryGetProperty(field, out _), $"totals has no {field}");
        }
    }

    [Fact]
    public async Task Summary_API_answers_404_for_an_unknown_programme_and_403_to_an_institution_admin()
    {
        var id = await ProgrammeAsync("PKAK3-2031", "Kegiatan Uji 2031", 2031);
        using var director = await BearerClientAsync(Roles.Director);
        using var institutionAdmin = await BearerClientAsync(Roles.InstitutionAdmin);

        using var unknown = await director.GetAsync($"/api/v1/programs/{id + 1000}/summary");
        using var refused = await institutionAdmin.GetAsync($"/api/v1/programs/{id}/summary");
        using var anonymous = await Factory.CreateClient().GetAsync($"/api/v1/programs/{id}/summary");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Kegiatan tidak ditemukan", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Director_lands_on_the_dashboard_and_reads_the_2023_figures_and_the_sentence()
    {
        await LoadDemoAsync();
        using var director = await SignedInAsync(Roles.Director);

        using var home = await director.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/Dashboard", home.Headers.Location?.ToString());
        using var response = await director.Http.GetAsync("/Dashboard");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();

        foreach (var figure in new[] { "12.619", "11.321", "7.436", "1.298", "2.025" })
        {
            Assert.Contains($">{figure}<", html.Replace(" <span", "<span", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        Assert.Contains(Sentence, html, StringComparison.Ordinal);
        Assert.Contains("Tahun 2023", html, StringComparison.Ordinal);
        Assert.Matches("16(–|&#x2013;)17/11/2023", html);
        // Progress toward the demo targets: 12.619 of 15.000 and 7.436 of 9.000.
        Assert.Contains("12.619 dari 15.000 orang (84,1%)", html, StringComparison.Ordinal);
        Assert.Contains("7.436 dari 9.000 orang (82,6%)", html, StringComparison.Ordinal);
        Assert.Contains("Jawa Timur", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workspace_and_dashboard_show_the_same_Lulus_for_every_demo_batch()
    {
        var id = await LoadDemoAsync();
        using var staff = await SignedInAsync(Roles.Staff);

        var dashboard = await staff.GetStringAsync($"/Dashboard?programmeId={id}");
        var workspace = await staff.GetStringAsync("/Workspace");
        var onDashboard = Regex.Matches(dashboard, @"<tr data-batch=""(\d+)"">.*?data-figure=""lulus"">([\d.]+)<", RegexOptions.Singleline)
            .ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => m.Groups[2].Value);
        var onWorkspace = Regex.Matches(workspace, @"Angkatan ke-(\d+)</a>.*?data-figure=""lulus"">([\d.]+)<", RegexOptions.Singleline)
            .ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => m.Groups[2].Value);
        var completed = await CountsAsync("""
            SELECT b.number, count(*) FILTER (WHERE o.completed) FROM batches b LEFT JOIN registration_outcomes o ON o.batch_id = b.id
            GROUP BY b.number
            """);

        Assert.Equal([1, 2, 3, 4, 5, 6], onDashboard.Keys.Order());
        Assert.Equal(completed, onDashboard);
        Assert.Equal(completed, onWorkspace);
        Assert.Equal("0", onDashboard[6]);
        // Where only Ahli K3 are counted, the heading says so, and in batch 5 that is a different number.
        Assert.Contains(">Ahli K3 lulus<", dashboard, StringComparison.Ordinal);
        var ahliK3 = await CountsAsync("""
            SELECT b.number, count(*) FILTER (WHERE o.completed AND o.category = 'AHLI_K3') FROM batches b
            LEFT JOIN registration_outcomes o ON o.batch_id = b.id GROUP BY b.number
            """);
        Assert.NotEqual(ahliK3[5], completed[5]);
        Assert.Matches(new Regex($@"<tr data-batch=""5"">.*?data-figure=""lulus"">{Regex.Escape(completed[5])}</td>\s*<td class=""num"">{Regex.Escape(ahliK3[5])}</td>",
            RegexOptions.Singleline), dashboard);
    }

    [Fact]
    public async Task An_institution_admin_sees_Lulus_of_its_own_registrations_as_the_rule_counts_them()
    {
        await LoadDemoAsync();
        int institution;
        await using (var db = Database.CreateDbContext())
        {
            institution = (await db.Institutions.SingleAsync(i => i.Code == "LP-BINAK3-JKT")).Id;
        }
        using var admin = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.InstitutionAdmin, institution));

        var workspace = await admin.GetStringAsync("/Workspace");
        var shown = Regex.Matches(workspace, @"Angkatan ke-(\d+)</a>.*?data-figure=""lulus"">([\d.]+)<", RegexOptions.Singleline)
            .ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => m.Groups[2].Value);
        var completed = await CountsAsync($"""
            SELECT b.number, count(o.registration_id) FILTER (WHERE o.completed AND o.institution_id = {institution})
            FROM batches b JOIN batch_institutions bi ON bi.batch_id = b.id AND bi.institution_id = {institution}
            LEFT JOIN registration_outcomes o ON o.batch_id = b.id
            GROUP BY b.number
            """);

        Assert.NotEmpty(completed);
        Assert.Equal(completed, shown);
    }

    [Fact]
    public async Task Dashboard_opens_on_the_newest_programme_that_has_data()
    {
        var id = await LoadDemoAsync();
        var newer = await ProgrammeAsync("PKAK3-2024", "Kegiatan Uji 2024", 2024);
        using var director = await SignedInAsync(Roles.Director);

        var html = await director.GetStringAsync("/Dashboard");
        var chosen = await director.GetStringAsync($"/Dashboard?programmeId={newer}");

        Assert.Contains(Sentence, html, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{id}\" selected=\"selected\">", html, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{newer}\">", html, StringComparison.Ordinal);
        Assert.Contains("Kegiatan ini belum memiliki angkatan", chosen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headings_say_what_they_count_and_name_persons_against_participations()
    {
        var id = await LoadDemoAsync();
        using var director = await SignedInAsync(Roles.Director);
        using var api = await BearerClientAsync(Roles.Director);
        var totals = (await JsonAsync(await api.GetAsync($"/api/v1/programs/{id}/summary"))).GetProperty("totals");
        var participations = totals.GetProperty("upgradedParticipations").GetInt32();

        var html = await director.GetStringAsync("/Dashboard");

        // The latest batch's tile and the headline.
        Assert.Contains("1.298 Ahli K3 ditingkatkan · 16/11/2023", html, StringComparison.Ordinal);
        Assert.Contains($"dari {Formats.Number(participations)} keikutsertaan", html, StringComparison.Ordinal);
        // The total row adds participations; the note names the difference with the headline's persons.
        Assert.Equal(Formats.Number(participations), Regex.Match(html, @"data-total=""upgraded-participations"">([\d.]+)<").Groups[1].Value);
        Assert.Equal("12.619", Regex.Match(html, @"data-total=""upgraded-persons"">([\d.]+)<").Groups[1].Value);
        Assert.Contains($"selisih {Formats.Number(participations - 12_619)} adalah keikutsertaan kedua", html, StringComparison.Ordinal);
        // Persons upgraded online in one batch and offline in another are in both mode rows, and the page says how many.
        var bothModes = (await CountsAsync("""
            SELECT 0, count(*) FROM (SELECT participant_id FROM registration_outcomes WHERE upgraded
                                     GROUP BY participant_id HAVING count(DISTINCT attendance_mode) = 2) x
            """))[0];
        Assert.NotEqual("0", bothModes);
        Assert.Contains($"{bothModes} orang ditingkatkan secara daring pada satu angkatan dan luring pada angkatan lain", html, StringComparison.Ordinal);
        // By institution: the persons upgraded through it, counted from the rows.
        var upgraded = (await CountsAsync("""
            SELECT 0, count(DISTINCT o.participant_id) FROM registration_outcomes o JOIN institutions i ON i.id = o.institution_id
            WHERE o.upgraded AND i.code = 'LP-BINAK3-JKT'
            """))[0];
        Assert.Matches($@"<td>Lembaga Pelatihan Bina K3 Nusantara</td>\s*<td class=""num"">[\d.]+</td>\s*<td class=""num"">{Regex.Escape(upgraded)}</td>", html);
    }

    [Fact]
    public async Task All_years_view_counts_an_expert_upgraded_in_two_programmes_once()
    {
        await LoadDemoAsync();
        await using (var db = Database.CreateDbContext())
        {
            var seed = new ReportingSeed(db);
            var again = await db.Participants.FirstAsync(p => db.RegistrationOutcomes.Any(o => o.ParticipantId == p.Id && o.Upgraded));
            var batch = await seed.BatchAsync(await seed.ProgrammeAsync("PKAK3-2024", 2024), 1, 1);
            await seed.RegisterAsync(batch, again, 90m, AttendanceStatus.Hadir);
            await seed.RegisterAsync(batch, await seed.PersonAsync(), 90m, AttendanceStatus.Hadir);
        }
        using var director = await SignedInAsync(Roles.Director);

        var html = await director.GetStringAsync("/Dashboard");

        // Batches, participants, upgraded persons, upgraded participations, high-performing persons, new, cumulative.
        Assert.Equal(["1", "2", "2", "2", "2", "1", "12.620"], Numbers(html, "<tr data-programme=\"PKAK3-2024\""));
        Assert.Equal("12.619", Numbers(html, "<tr data-programme=\"PKAK3-2023\"")[2]);
        Assert.Equal("12.619", Numbers(html, "<tr data-programme=\"PKAK3-2023\"")[^1]);
        Assert.Equal("12.620", Regex.Match(html, @"data-total=""all-years-upgraded"">([\d.]+)<").Groups[1].Value);
    }

    [Fact]
    public async Task Breakdowns_can_be_limited_to_one_batch()
    {
        var id = await LoadDemoAsync();
        using var staff = await SignedInAsync(Roles.Staff);

        var all = await staff.GetStringAsync($"/Dashboard?programmeId={id}");
        var batch6 = await staff.GetStringAsync($"/Dashboard?programmeId={id}&batch=6");

        Assert.Contains("Rincian seluruh angkatan", all, StringComparison.Ordinal);
        Assert.Contains("Rincian angkatan ke-6", batch6, StringComparison.Ordinal);
        // Batch 6 alone: its 1.298 Ahli K3 are the category row, not the programme's 13.168.
        Assert.Matches(@"<td>Ahli K3</td>\s*<td class=""num"">1.298</td>\s*<td class=""num"">1.298</td>", batch6);
        Assert.DoesNotMatch(@"<td>Ahli K3</td>\s*<td class=""num"">1.298</td>", all);
    }

    [Fact]
    public async Task CSV_and_XLSX_exports_hold_the_dashboard_figures()
    {
        var id = await LoadDemoAsync();
        using var director = await SignedInAsync(Roles.Director);

        using var csvResponse = await director.Http.GetAsync($"/Dashboard/Export?programmeId={id}&format=csv");
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("PKAK3-2023-ringkasan.csv", csvResponse.Content.Headers.ContentDisposition?.FileNameStar);
        var bytes = await csvResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(';');
        var rows = lines[1..].Select(l => l.Split(';')).ToList();
        string Cell(string batch, string column) => rows.Single(r => r[0] == batch)[Array.IndexOf(header, column)];

        Assert.Equal(8, lines.Length);
        Assert.Equal("11321", Cell("5", "Kumulatif ditingkatkan (orang)"));
        Assert.Equal("7436", Cell("5", "Kumulatif berkinerja tinggi (orang)"));
        Assert.Equal("1298", Cell("6", "Ahli K3 ditingkatkan"));
        Assert.Equal("2025", Cell("6", "Peserta"));
        Assert.Equal("12619", Cell("6", "Kumulatif ditingkatkan (orang)"));
        Assert.Equal("16/11/2023", Cell("6", "Mulai"));
        Assert.Equal("12619", Cell("Total", "Kumulatif ditingkatkan (orang)"));

        using var xlsxResponse = await director.Http.GetAsync($"/Dashboard/Export?programmeId={id}&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsxResponse.StatusCode);
        Assert.Equal("PKAK3-2023-ringkasan.xlsx", xlsxResponse.Content.Headers.ContentDisposition?.FileNameStar);
        await using var xlsx = new MemoryStream(await xlsxResponse.Content.ReadAsByteArrayAsync());
        Assert.Equal(["Ringkasan", "Kategori", "Bidang", "Provinsi", "Moda", "Lembaga", "Kegiatan"], MiniExcel.GetSheetNames(xlsx));
        xlsx.Position = 0;
        var summary = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "Ringkasan").Cast<IDictionary<string, object?>>().ToList();
        var batch6 = summary.Single(r => Equals(r["Angkatan"], 6d));
        Assert.Equal(12_619d, batch6["Kumulatif ditingkatkan (orang)"]);
        Assert.Equal(2_025d, batch6["Peserta"]);
        xlsx.Position = 0;
        var provinces = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "Provinsi").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(38, provinces.Count);
        Assert.Equal(12_619d, provinces.Sum(p => (double)p["Ahli K3 ditingkatkan (orang)"]!));
    }

    [Fact]
    public async Task Export_neutralises_a_programme_name_that_Excel_would_run_as_a_formula()
    {
        var id = await ProgrammeAsync("PKAK3-2032", "=HYPERLINK(\"http://contoh.invalid\";\"Klik\")", 2032);
        using var director = await SignedInAsync(Roles.Director);

        using var response = await director.Http.GetAsync($"/Dashboard/Export?programmeId={id}&format=xlsx");
        await using var xlsx = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var about = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "Kegiatan").Cast<IDictionary<string, object?>>()
            .ToDictionary(r => (string)r["Keterangan"]!, r => r["Nilai"]);

        Assert.Equal("'=HYPERLINK(\"http://contoh.invalid\";\"Klik\")", about["Nama kegiatan"]);
        Assert.Equal("PKAK3-2032", about["Kode kegiatan"]);
        Assert.Equal(2032d, about["Tahun"]);
    }

    [Fact]
    public async Task A_programme_without_batches_shows_zeros_and_the_empty_state()
    {
        var id = await ProgrammeAsync("PKAK3-2030", "Kegiatan Uji 2030", 2030, targetUpgraded: 500);
        using var director = await SignedInAsync(Roles.Director);
        using var api = await BearerClientAsync(Roles.Director);

        using var response = await api.GetAsync($"/api/v1/programs/{id}/summary");
        var summary = await JsonAsync(response);
        var html = await director.GetStringAsync("/Dashboard");

        Assert.Equal(0, summary.GetProperty("batches").GetArrayLength());
        foreach (var total in summary.GetProperty("totals").EnumerateObject())
        {
            Assert.Equal(0, total.Value.GetInt32());
        }
        Assert.Contains("Kegiatan Uji 2030", html, StringComparison.Ordinal);
        Assert.Contains("Belum ada data", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"total-upgraded\">0 <span", html, StringComparison.Ordinal);
        Assert.Contains("0 dari 500 orang (0%)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<canvas", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_any_programme_the_dashboard_says_there_is_no_data_yet()
    {
        using var director = await SignedInAsync(Roles.Director);

        using var response = await director.Http.GetAsync("/Dashboard");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Belum ada data", html, StringComparison.Ordinal);
        Assert.Contains("Belum ada kegiatan yang tercatat", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_programme_on_the_dashboard_is_a_404_page()
    {
        using var director = await SignedInAsync(Roles.Director);

        using var page = await director.Http.GetAsync("/Dashboard?programmeId=424242");
        using var export = await director.Http.GetAsync("/Dashboard/Export?programmeId=424242&format=csv");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Director, "/Dashboard")]
    [InlineData(Roles.Staff, "/Dashboard")]
    [InlineData(Roles.Admin, "/Dashboard")]
    [InlineData(Roles.InstitutionAdmin, "/Workspace")]
    public async Task Readers_of_the_numbers_start_on_the_dashboard_and_institution_admins_at_their_batches(string role, string start)
    {
        using var client = await SignedInAsync(role);

        using var home = await client.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal(start, home.Headers.Location?.ToString());
    }
}
