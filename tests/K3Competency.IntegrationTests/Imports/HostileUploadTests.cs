using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using K3Competency.Domain;
using K3Competency.Testing;
using Npgsql;

namespace K3Competency.IntegrationTests.Imports;

/// <summary>
/// Uploads an attacker would send (issue 10): a tiny workbook that names column XFD and row 20.000, a request
/// that goes away mid-import, unbalanced quotes, one enormous line, broken multipart, five uploads at once.
/// Each ends quickly with a 4xx or a true report, never a 5xx or a core kept busy.
/// </summary>
public sealed class HostileUploadTests(AppFixture fixture) : ImportTest(fixture)
{
    private const string AttendanceHeader = "nik,sesi,status";

    private async Task<HttpClient> StaffAsync() => await TestUsers.BearerClientAsync(Factory, Roles.Staff);

    private static ByteArrayContent Xlsx(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return content;
    }

    /// <summary>A workbook written by hand, as an attacker would: inline strings, a dimension claiming A1:XFD20000.</summary>
    private static byte[] Workbook(string sheetRows)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string xml)
            {
                using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
                w.Write(xml);
            }
            Add("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""");
            Add("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Add("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Add("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""");
            // The style the empty XFD cell names (s="0"): without it a reader may refuse the file before the attack.
            Add("xl/styles.xml", """<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" xfId="0"/></cellXfs></styleSheet>""");
            Add("xl/worksheets/sheet1.xml", $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD20000"/><sheetData>{sheetRows}</sheetData></worksheet>""");
        }
        return stream.ToArray();
    }

    private static string Row(int number, params string[] cells) =>
        $"<row r=\"{number}\">" + string.Concat(cells.Select((c, i) => $"<c r=\"{(char)('A' + i)}{number}\" t=\"inlineStr\"><is><t>{c}</t></is></c>")) + "</row>";

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>
    /// CPU of every thread of the process except the runtime's tiered-compilation thread, which recompiles the
    /// methods the import made hot on its own schedule (up to half a second after the work ended); an import
    /// that runs on shows on the other threads.
    /// </summary>
    private static TimeSpan WorkCpu()
    {
        var ticks = 0L;
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() == ".NET Tiered Com")
                {
                    continue;
                }
                // Fields after the parenthesised name: utime and stime are the 12th and 13th (clock ticks, 1/100 s).
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread ended between the listing and the read; its CPU no longer grows.
            }
        }
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    [Fact]
    public async Task Workbook_reaching_column_XFD_and_row_20000_is_imported_in_seconds_by_its_real_content()
    {
        await TwoPartnersAsync();
        await RegisterAsync(SharedBatch, Nik(1), LpkA);
        await RegisterAsync(SharedBatch, Nik(2), LpkA);
        // The only cells past column C: an empty formatted cell in XFD; the second data row sits at row 20.000.
        var bytes = Workbook(
            Row(1, "nik", "sesi", "status")
            + Row(2, Nik(1), "1", "HADIR").Replace("</row>", "<c r=\"XFD2\" s=\"0\"/></row>", StringComparison.Ordinal)
            + Row(20000, Nik(2), "1", "TERLAMBAT"));
        Assert.True(bytes.Length < 4096);

        using var http = await StaffAsync();
        var before = Cpu();
        using var response = await http.PostAsync($"/api/v1/batches/{SharedBatch}/attendance/import", Xlsx(bytes));
        var cpu = Cpu() - before;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<ReportBody>();
        Assert.Equal(2, report!.Rows);
        Assert.Equal(2, report.Inserted);
        Assert.True(cpu < TimeSpan.FromSeconds(5), $"The import took {cpu.TotalSeconds:0.0} s of CPU.");
    }

    [Fact]
    public async Task Workbook_with_content_in_column_XFD_is_refused_at_once_with_a_message_naming_the_column()
    {
        await TwoPartnersAsync();
        var xfd = Row(2, Nik(1), "1", "HADIR").Replace("</row>", "<c r=\"XFD2\" t=\"inlineStr\"><is><t>x</t></is></c></row>", StringComparison.Ordinal);
        var bytes = Workbook(Row(1, "nik", "sesi", "status") + xfd + Row(20000, Nik(2), "1", "HADIR"));

        using var http = await StaffAsync();
        var before = Cpu();
        using var response = await http.PostAsync($"/api/v1/batches/{SharedBatch}/attendance/import", Xlsx(bytes));
        var cpu = Cpu() - before;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>();
        Assert.Contains("kolom XFD", problem!.Detail, StringComparison.Ordinal);
        Assert.Contains("hapus isi kolom", problem.Detail, StringComparison.Ordinal);
        Assert.True(cpu < TimeSpan.FromSeconds(5), $"The refusal took {cpu.TotalSeconds:0.0} s of CPU.");
        Assert.Equal(0, await CountAsync("attendances"));
    }

    [Fact]
    public async Task Cancelled_upload_stops_its_import_and_leaves_nothing_behind()
    {
        await TwoPartnersAsync();
        // The hostile start (an empty cell in column XFD, then a gap to row 20.000), then 150.000 rows of unknown
        // NIKs: several seconds of honest work, which a cancel must stop wherever the reader is.
        var rows = new StringBuilder();
        rows.Append(Row(1, "nik", "sesi", "status"));
        rows.Append(Row(2, Nik(1), "1", "HADIR").Replace("</row>", "<c r=\"XFD2\" s=\"0\"/></row>", StringComparison.Ordinal));
        for (var i = 20_000; i < 170_000; i++)
        {
            rows.Append(Row(i, Nik(i % 9999 + 1), "1", "HADIR"));
        }
        var bytes = Workbook(rows.ToString());

        using var http = await StaffAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            http.PostAsync($"/api/v1/batches/{SharedBatch}/attendance/import", Xlsx(bytes), cancel.Token));

        // The server notices within moments: no statement of the import left running (an import stuck in the
        // reader keeps its COPY open), and after a moment for the runtime's own clean-up the CPU idle again.
        await WaitUntilNoImportRunsAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var before = WorkCpu();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var idle = WorkCpu() - before;
        Assert.True(idle < TimeSpan.FromSeconds(0.5), $"The process still used {idle.TotalSeconds:0.0} s of CPU in 2 s after the cancel.");
        Assert.Equal(0, await CountAsync("uploads"));
        Assert.Equal(0, await CountAsync("attendances"));
    }

    private async Task WaitUntilNoImportRunsAsync(TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await using var conn = await Database.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'", conn);
            if ((long)(await cmd.ExecuteScalarAsync())! == 0)
            {
                return;
            }
            Assert.True(watch.Elapsed < limit, "The import's statement still runs after the request was cancelled.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Csv_with_an_unclosed_quote_before_19_MB_is_a_400_that_names_the_quote()
    {
        await TwoPartnersAsync();
        var csv = new StringBuilder(AttendanceHeader + "\r\n" + Nik(1) + ",1,\"HADIR\r\n");
        csv.Append('x', 19 * 1024 * 1024);
        using var http = await StaffAsync();
        using var response = await http.PostAsync($"/api/v1/batches/{SharedBatch}/attendance/import",
            new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>();
        Assert.Contains("tanda kutip", problem!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_line_csv_at_the_size_limit_is_a_400()
    {
        await TwoPartnersAsync();
        var line = new string('a', (20 * 1024 * 1024) - 16);
        using var http = await StaffAsync();
        using var response = await http.PostAsync($"/api/v1/batches/{SharedBatch}/attendance/import",
            new StringContent(line, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string, string> BrokenMultipart => new()
    {
        // Boundary in the header differs from the one in the body.
        { "wrong boundary", "--other\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nnik,sesi,status\r\n--other--\r\n" },
        // The body stops in the middle of the part.
        { "truncated", "--batas\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nnik,sesi,sta" },
        // 20 KB of part headers.
        { "20 KB part header", "--batas\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nX-Pad: " + new string('p', 20 * 1024) + "\r\n\r\nnik,sesi,status\r\n--batas--\r\n" },
    };

    [Theory]
    [MemberData(nameof(BrokenMultipart))]
    public async Task Broken_multipart_is_a_400_with_an_Indonesian_problem(string what, string body)
    {
        await TwoPartnersAsync();
        using var http = await StaffAsync();
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=batas");
        using var response = await http.PostAsync($"/api/v1/batches/{SharedBatch}/attendance/import", content);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode}");
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>();
        Assert.Contains("multipart", problem!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_multipart_on_the_upload_page_is_a_400_not_an_error_page()
    {
        await TwoPartnersAsync();
        var staff = await TestUsers.CreateAsync(Factory, Roles.Staff);
        using var client = await TestUsers.SignedInClientAsync(Factory, staff);
        foreach (var (what, body) in BrokenMultipart.Select(d => ((string)d[0], (string)d[1])))
        {
            var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=batas");
            using var response = await client.Http.PostAsync($"/Uploads/New?batchId={SharedBatch}&kind=ATTENDANCE&handler=Preview", content);
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{what}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Five_simultaneous_uploads_of_one_file_report_true_counts_and_none_fails()
    {
        var batch = await BatchAsync(2);
        var csv = new StringBuilder(RegistrationHeader + "\r\n");
        for (var i = 1; i <= 1500; i++)
        {
            csv.Append(Nik(i)).Append(",Peserta ").Append(i).Append(",,,,,,PENGAWAS,,,,\r\n");
        }
        var body = csv.ToString();
        var clients = new List<HttpClient>();
        for (var i = 0; i < 5; i++)
        {
            clients.Add(await StaffAsync());
        }

        var responses = await Task.WhenAll(clients.Select(c =>
            c.PostAsync($"/api/v1/batches/{batch}/registrations/import", new StringContent(body, Encoding.UTF8, "text/csv"))));

        var reports = new List<ReportBody>();
        foreach (var r in responses)
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            reports.Add((await r.Content.ReadFromJsonAsync<ReportBody>())!);
        }
        Assert.Equal(1500, reports.Sum(r => r.Inserted));
        Assert.Equal(4 * 1500, reports.Sum(r => r.Unchanged));
        Assert.Equal(1500, await CountAsync("registrations"));
    }

    [Fact]
    public async Task Two_batches_importing_the_same_new_people_at_once_neither_deadlock_nor_fail()
    {
        var first = await BatchAsync(2);
        var second = await BatchAsync(2);
        // The same people in opposite orders: the merges meet on the shared participants rows.
        var rows = Enumerable.Range(1, 800).Select(i => $"{Nik(i)},Peserta {i},,,,,,PENGAWAS,,,,").ToList();
        var forward = RegistrationHeader + "\r\n" + string.Join("\r\n", rows) + "\r\n";
        rows.Reverse();
        var backward = RegistrationHeader + "\r\n" + string.Join("\r\n", rows) + "\r\n";
        using var a = await StaffAsync();
        using var b = await StaffAsync();

        var responses = await Task.WhenAll(
            a.PostAsync($"/api/v1/batches/{first}/registrations/import", new StringContent(forward, Encoding.UTF8, "text/csv")),
            b.PostAsync($"/api/v1/batches/{second}/registrations/import", new StringContent(backward, Encoding.UTF8, "text/csv")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(800, await CountAsync("participants"));
        Assert.Equal(1600, await CountAsync("registrations"));
    }

    private sealed record ReportBody(int Rows, int Inserted, int Updated, int Unchanged, int Rejected, bool Committed);

    private sealed record ProblemBody(string? Title, string? Detail, int Status);
}
