using System.Net;
using System.Text.RegularExpressions;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace K3Competency.IntegrationTests.Certificates;

/// <summary>The certificate list of a batch (/Certificates/Batch/{id}) over HTTP: paged, searchable and sortable through its address.</summary>
public sealed partial class CertificateListTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private async Task<(CertificateTestData Data, FormClient Staff)> IssuedAsync(int count, Func<int, string>? name = null)
    {
        var data = await new CertificateTestData(Database).WithBatchAsync(sessions: 1, programmeCode: "PKAK3-2023");
        for (var i = 1; i <= count; i++)
        {
            await data.RegisterAsync(name?.Invoke(i) ?? $"Peserta {i:D3}", present: 1, postTest: 80m, nik: $"357801010185{i:D4}");
        }
        var staff = await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, Roles.Staff));
        using var issue = await staff.PostFormAsync($"/Certificates/Batch/{data.BatchId}", new Dictionary<string, string>(),
            $"/Certificates/Batch/{data.BatchId}?handler=Issue");
        Assert.Equal(HttpStatusCode.Redirect, issue.StatusCode);
        return (data, staff);
    }

    /// <summary>The certificate numbers in the list, top to bottom.</summary>
    private static List<string> Numbers(string html) => [.. NumberCell().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<td class=\"text-nowrap\">(PKAK3-2023/06/\\d{6})</td>")]
    private static partial Regex NumberCell();

    [Fact]
    public async Task Sixty_certificates_are_listed_fifty_a_page_and_a_huge_page_number_shows_the_last_page()
    {
        var (data, staff) = await IssuedAsync(60);
        using (staff)
        {
            var first = await staff.GetStringAsync($"/Certificates/Batch/{data.BatchId}");
            var numbers = Numbers(first);
            Assert.Equal(50, numbers.Count);
            Assert.Equal("PKAK3-2023/06/000001", numbers[0]);
            Assert.Equal("PKAK3-2023/06/000050", numbers[^1]);
            Assert.Contains("Halaman 1 dari 2 · 60 data", first, StringComparison.Ordinal);
            Assert.Contains("p=2\">Berikutnya</a>", first, StringComparison.Ordinal);

            foreach (var huge in new[] { "2", "2147483647", "99999999999999999999" })
            {
                using var response = await staff.Http.GetAsync($"/Certificates/Batch/{data.BatchId}?p={huge}");
                var html = await response.Content.ReadAsStringAsync();
                if (huge.Length > 10)
                {
                    // Not a number an int holds: the page field is refused, the list shows its first page.
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.Equal("PKAK3-2023/06/000001", Numbers(html)[0]);
                    continue;
                }
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal([.. Enumerable.Range(51, 10).Select(i => $"PKAK3-2023/06/{i:D6}")], Numbers(html));
                Assert.Contains("Halaman 2 dari 2 · 60 data", html, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Staff_finds_a_certificate_by_the_name_on_it_by_part_of_its_number_and_by_the_holders_whole_NIK()
    {
        var (data, staff) = await IssuedAsync(3, i => i switch { 1 => "Agus Salim", 2 => "Budi Santoso", _ => "Citra Lestari" });
        using (staff)
        {
            var byName = await staff.GetStringAsync($"/Certificates/Batch/{data.BatchId}?q=santoso");
            var byNumber = await staff.GetStringAsync($"/Certificates/Batch/{data.BatchId}?q=000003");
            var byNik = await staff.GetStringAsync($"/Certificates/Batch/{data.BatchId}?q=3578.0101.0185.0001");
            var none = await staff.GetStringAsync($"/Certificates/Batch/{data.BatchId}?q=Zulkarnain");

            Assert.Equal(["PKAK3-2023/06/000002"], Numbers(byName));
            Assert.Contains("Budi Santoso", byName, StringComparison.Ordinal);
            Assert.DoesNotContain("Agus Salim", byName, StringComparison.Ordinal);
            Assert.Equal(["PKAK3-2023/06/000003"], Numbers(byNumber));
            Assert.Equal(["PKAK3-2023/06/000001"], Numbers(byNik));
            Assert.Empty(Numbers(none));
            Assert.Contains("Tidak ada sertifikat yang cocok dengan “Zulkarnain”", none, StringComparison.Ordinal);
            Assert.Contains("value=\"santoso\"", byName, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_list_sorts_by_number_name_and_issue_date_both_ways_through_links()
    {
        var (data, staff) = await IssuedAsync(3, i => i switch { 1 => "Agus Salim", 2 => "Budi Santoso", _ => "Citra Lestari" });
        using (staff)
        {
            // Issued on three days, the newest first in number order, so each order differs from the others.
            await using (var db = Database.CreateDbContext())
            {
                foreach (var (number, day) in new[] { ("000001", 20), ("000002", 18), ("000003", 19) })
                {
                    await db.Certificates.Where(c => c.Number == $"PKAK3-2023/06/{number}")
                        .ExecuteUpdateAsync(s => s.SetProperty(c => c.IssuedAt, new DateTime(2023, 11, day, 3, 0, 0, DateTimeKind.Utc)));
                }
                await db.Participants.Where(p => p.FullName == "Agus Salim").ExecuteUpdateAsync(s => s.SetProperty(p => p.FullName, "Zainal Abidin"));
                await db.Certificates.Where(c => c.HolderName == "Agus Salim").ExecuteUpdateAsync(s => s.SetProperty(c => c.HolderName, "Zainal Abidin"));
            }
            var list = $"/Certificates/Batch/{data.BatchId}";
            var page = await staff.GetStringAsync(list);
            Assert.Contains("href=\"" + list + "?urut=name&amp;turun=false\"", page, StringComparison.Ordinal);

            string N(int i) => $"PKAK3-2023/06/{i:D6}";
            Assert.Equal([N(1), N(2), N(3)], Numbers(page));
            Assert.Equal([N(3), N(2), N(1)], Numbers(await staff.GetStringAsync(list + "?urut=number&turun=true")));
            Assert.Equal([N(2), N(3), N(1)], Numbers(await staff.GetStringAsync(list + "?urut=name")));
            Assert.Equal([N(1), N(3), N(2)], Numbers(await staff.GetStringAsync(list + "?urut=name&turun=true")));
            Assert.Equal([N(2), N(3), N(1)], Numbers(await staff.GetStringAsync(list + "?urut=date")));
            Assert.Equal([N(1), N(3), N(2)], Numbers(await staff.GetStringAsync(list + "?urut=date&turun=true")));
            // An unknown column is the default order, not an error.
            Assert.Equal([N(1), N(2), N(3)], Numbers(await staff.GetStringAsync(list + "?urut=%27%3BDROP&turun=maybe")));
        }
    }

    [Theory]
    [InlineData("sequence", "ix_certificates_batch_id_sequence")]
    [InlineData("holder_name, id", "ix_certificates_batch_id_holder_name_id")]
    [InlineData("issued_at, id", "ix_certificates_batch_id_issued_at_id")]
    public async Task Each_order_of_the_list_is_read_in_order_from_an_index_of_the_batch_not_sorted(string order, string index)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // On an empty test table the planner would scan and sort anyway; without those choices it shows what serves the order.
        await using (var off = new NpgsqlCommand("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off", connection, transaction))
        {
            await off.ExecuteNonQueryAsync();
        }
        foreach (var direction in new[] { "", " DESC" })
        {
            var by = string.Join(", ", order.Split(", ").Select(c => c + direction));
            await using var explain = new NpgsqlCommand(
                $"EXPLAIN SELECT number FROM certificates WHERE batch_id = 1 ORDER BY {by} LIMIT 50 OFFSET 50", connection, transaction);
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(0));
                }
            }
            Assert.Contains(plan, line => line.Contains(index, StringComparison.Ordinal));
            Assert.DoesNotContain(plan, line => line.Contains("Sort", StringComparison.Ordinal));
        }
    }
}
