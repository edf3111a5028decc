using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace K3Competency.Bench;

/// <summary>The few calls of the app's HTTP API (DESIGN §7) the bench needs, as a bearer-token client.</summary>
internal sealed class K3Api : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    private K3Api(HttpClient http) => _http = http;

    public static async Task<K3Api> LoginAsync(AppProcess app, CancellationToken ct)
    {
        // A big import takes minutes on a small machine; the bench, not a client timeout, decides how long.
        var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            using var response = await http.PostAsJsonAsync("api/v1/auth/login",
                new { email = AppProcess.AdminEmail, password = AppProcess.AdminPassword }, ct);
            await EnsureAsync(response, "login", ct);
            var token = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return new K3Api(http);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public async Task CreateInstitutionAsync(string code, CancellationToken ct) =>
        await PostAsync("api/v1/institutions", new { code, name = "LPK Benchmark", type = "LEMBAGA_PELATIHAN", provinceCode = "31" }, ct);

    public async Task<int> CreateProgrammeAsync(string code, int year, CancellationToken ct) =>
        (await PostAsync("api/v1/programs", new { code, name = "Benchmark impor massal", year }, ct)).GetProperty("id").GetInt32();

    /// <summary>A batch of two sessions, partnered with one institution.</summary>
    public async Task<int> CreateBatchAsync(int programmeId, int number, DateOnly start, string institutionCode, CancellationToken ct) =>
        (await PostAsync($"api/v1/programs/{programmeId}/batches", new
        {
            number,
            startDate = start,
            endDate = start.AddDays(1),
            mode = "HYBRID",
            venue = "Jakarta",
            institutionCodes = new[] { institutionCode },
            sessions = new[]
            {
                new { number = 1, date = start, title = "Hari 1" },
                new { number = 2, date = start.AddDays(1), title = "Hari 2" },
            },
        }, ct)).GetProperty("id").GetInt32();

    /// <summary>
    /// Uploads a file as multipart field "file", streamed from disk (the content length is known, nothing
    /// is buffered), and times the request from the first byte sent to the report received.
    /// </summary>
    public async Task<(ImportReport Report, TimeSpan Elapsed)> ImportAsync(string kind, int batchId, string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var content = new MultipartFormDataContent();
        var part = new StreamContent(file, 1 << 16);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(part, "file", Path.GetFileName(path));

        var clock = Stopwatch.StartNew();
        using var response = await _http.PostAsync(new Uri($"api/v1/batches/{batchId}/{kind}/import", UriKind.Relative), content, ct);
        await EnsureAsync(response, $"{kind} import", ct);
        var report = await response.Content.ReadFromJsonAsync<ImportReport>(Json, ct)
                     ?? throw new InvalidOperationException("The import answered an empty body.");
        clock.Stop();
        return (report, clock.Elapsed);
    }

    /// <summary>The check-in display's current token of a session (DESIGN §12), as the venue screen polls it.</summary>
    public async Task<string> CheckInTokenAsync(int batchId, int session, CancellationToken ct)
    {
        using var response = await _http.GetAsync(new Uri($"api/v1/batches/{batchId}/sessions/{session}/check-in", UriKind.Relative), ct);
        await EnsureAsync(response, "check-in display", ct);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("token").GetString()!;
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> PostAsync(string path, object body, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync(path, body, ct);
        await EnsureAsync(response, path, ct);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {(body.Length > 2000 ? body[..2000] : body)}");
        }
    }
}

internal sealed record ImportError(int Row, string Column, string? Value, string Message);

/// <summary>The import report of DESIGN §7.</summary>
internal sealed record ImportReport(int Rows, int Inserted, int Updated, int Unchanged, int Rejected, bool Committed, IReadOnlyList<ImportError> Errors);
