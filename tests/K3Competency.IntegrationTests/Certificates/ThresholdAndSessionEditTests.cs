using System.Net;
using System.Text.RegularExpressions;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.IntegrationTests.Certificates;

/// <summary>
/// Issue 12: raising a programme's thresholds, or adding or removing a batch's sessions, so that issued certificates would
/// no longer be true is refused naming them (the first few and a count) with the way forward; confirmed with a reason on
/// the same form, the change is saved and the certificates are revoked in the same transaction.
/// </summary>
public sealed partial class ThresholdAndSessionEditTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static string Html(string html) => WebUtility.HtmlDecode(html);

    /// <summary>The form's fields as the page rendered them (inputs, checked boxes, selected options, text areas).</summary>
    private static Dictionary<string, string> Fields(string html)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match tag in InputTag().Matches(html))
        {
            var name = Attribute(tag.Value, "name");
            var type = Attribute(tag.Value, "type");
            if (name is null || name is "__RequestVerificationToken" or "__Invariant" || ((type is "checkbox" or "radio") && !tag.Value.Contains("checked", StringComparison.Ordinal)))
            {
                continue;
            }
            var value = WebUtility.HtmlDecode(Attribute(tag.Value, "value") ?? "");
            // A number input renders 80.00 and marks itself __Invariant (one field a dictionary cannot repeat): send it as
            // the id-ID form binder reads it, as a user typing 80,00 would.
            fields[name] = DecimalValue().IsMatch(value) ? value.Replace('.', ',') : value;
        }
        foreach (Match select in SelectTag().Matches(html))
        {
            var selected = Regex.Match(select.Groups["options"].Value, "<option[^>]*value=\"([^\"]*)\"[^>]*selected");
            fields[select.Groups["name"].Value] = selected.Success ? selected.Groups[1].Value : "";
        }
        return fields;
    }

    private static string? Attribute(string tag, string name)
    {
        var m = Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"");
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex("^\\d+\\.\\d+$")]
    private static partial Regex DecimalValue();

    [GeneratedRegex("<input\\b[^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("<select\\b[^>]*name=\"(?<name>[^\"]+)\"[^>]*>(?<options>[\\s\\S]*?)</select>")]
    private static partial Regex SelectTag();

    /// <summary>A batch of five sessions where <paramref name="people"/> attended four (80 %, the minimum) with post-test 88, each certificated.</summary>
    private async Task<(CertificateTestData Data, IReadOnlyList<string> Numbers)> CertificatedAsync(int people)
    {
        var data = await new CertificateTestData(Database).WithBatchAsync();
        for (var i = 0; i < people; i++)
        {
            await data.RegisterAsync($"Peserta {i + 1}", present: 4, postTest: 88m);
        }
        using var staff = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        using var issued = await staff.PostAsync($"/api/v1/batches/{data.BatchId}/certificates", null);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        await using var db = Database.CreateDbContext();
        return (data, await db.Certificates.Where(c => c.BatchId == data.BatchId).OrderBy(c => c.Number).Select(c => c.Number).ToListAsync());
    }

    private async Task<int> LiveAsync(int batchId)
    {
        await using var db = Database.CreateDbContext();
        return await db.Certificates.CountAsync(c => c.BatchId == batchId && c.RevokedAt == null);
    }

    [Fact]
    public async Task Raising_the_passing_score_above_issued_certificates_is_refused_naming_five_and_the_count_then_revokes_them_when_confirmed()
    {
        var (data, numbers) = await CertificatedAsync(people: 7);
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var url = $"/Programmes/Edit/{data.ProgrammeId}";
        var fields = Fields(Html(await staff.GetStringAsync(url)));
        fields["Input.PassingScore"] = "90";
        fields["Input.HighPerformanceScore"] = "90";

        string page;
        using (var refused = await staff.PostFormAsync(url, fields))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            page = Html(await refused.Content.ReadAsStringAsync());
        }
        Assert.Contains($"Perubahan ini membuat 7 sertifikat yang sudah terbit tidak lagi benar: {string.Join(", ", numbers.Take(5))} dan 2 lainnya.", page,
            StringComparison.Ordinal);
        Assert.Contains("Cabut sertifikat itu lebih dulu, atau centang", page, StringComparison.Ordinal);
        Assert.DoesNotContain(numbers[5], page, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.RevokeCertificates\"", page, StringComparison.Ordinal); // the same form now offers the revoke
        await using (var db = Database.CreateDbContext())
        {
            Assert.Equal(70m, await db.Programmes.Where(p => p.Id == data.ProgrammeId).Select(p => p.PassingScore).SingleAsync());
        }
        Assert.Equal(7, await LiveAsync(data.BatchId));

        var confirmed = Fields(page);
        confirmed["Input.RevokeCertificates"] = "true";
        confirmed["Input.Reason"] = "Nilai kelulusan dinaikkan sesuai keputusan Direktur";
        using var saved = await staff.PostFormAsync(url, confirmed);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var check = Database.CreateDbContext();
        Assert.Equal(90m, await check.Programmes.Where(p => p.Id == data.ProgrammeId).Select(p => p.PassingScore).SingleAsync());
        Assert.Equal(0, await LiveAsync(data.BatchId)); // nobody completes at 90: revoked, none reissued
        Assert.All(await check.Certificates.Where(c => c.BatchId == data.BatchId).ToListAsync(),
            c => Assert.Equal("Nilai kelulusan dinaikkan sesuai keputusan Direktur", c.RevocationReason));
    }

    [Fact]
    public async Task A_threshold_change_every_certificate_still_meets_saves_without_asking()
    {
        var (data, _) = await CertificatedAsync(people: 1);
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var url = $"/Programmes/Edit/{data.ProgrammeId}";
        var fields = Fields(Html(await staff.GetStringAsync(url)));
        fields["Input.PassingScore"] = "75";

        using var saved = await staff.PostFormAsync(url, fields);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(1, await LiveAsync(data.BatchId));
    }

    [Fact]
    public async Task Adding_a_session_that_drops_certificated_attendance_below_the_minimum_is_refused_naming_it_then_revoked_when_confirmed()
    {
        var (data, numbers) = await CertificatedAsync(people: 1);
        using var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        var url = $"/Batches/Edit/{data.BatchId}";
        var fields = Fields(Html(await staff.GetStringAsync(url)));
        // The first spare session row: a sixth session makes 4 of 6 (67 %) against the programme's 80 %.
        var spare = Enumerable.Range(0, 20).First(i => fields.TryGetValue($"Input.Sessions[{i}].Number", out var n) && n.Length == 0);
        fields[$"Input.Sessions[{spare}].Number"] = "6";
        fields[$"Input.Sessions[{spare}].Date"] = "2023-11-17";
        fields[$"Input.Sessions[{spare}].Start"] = "08:00";
        fields[$"Input.Sessions[{spare}].End"] = "16:00";

        string page;
        using (var refused = await staff.PostFormAsync(url, fields))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            page = Html(await refused.Content.ReadAsStringAsync());
        }
        Assert.Contains($"Perubahan ini membuat 1 sertifikat yang sudah terbit tidak lagi benar: {numbers[0]}.", page, StringComparison.Ordinal);
        await using (var db = Database.CreateDbContext())
        {
            Assert.Equal(5, await db.Sessions.CountAsync(s => s.BatchId == data.BatchId));
        }
        Assert.Equal(1, await LiveAsync(data.BatchId));

        fields["Input.RevokeCertificates"] = "true";
        fields["Input.Reason"] = "Sesi praktik tambahan wajib";
        using var saved = await staff.PostFormAsync(url, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var check = Database.CreateDbContext();
        Assert.Equal(6, await check.Sessions.CountAsync(s => s.BatchId == data.BatchId));
        Assert.Equal(0, await LiveAsync(data.BatchId));
    }
}
