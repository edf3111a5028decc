using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using K3Competency.Testing;

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

    /// <summary>A batch of <paramref name="sessions"/> sessions (one a day), partnered with one institution.</summary>
    public async Task<int> CreateBatchAsync(int programmeId, int number, DateOnly start, string institutionCode, CancellationToken ct, int sessions = 2) =>
        (await PostAsync($"api/v1/programs/{programmeId}/batches", new
        {
            number,
            startDate = start,
            endDate = start.AddDays(sessions - 1),
            mode = "HYBRID",
            venue = "Jakarta",
            institutionCodes = new[] { institutionCode },
            sessions = Enumerable.Range(1, sessions).Select(n => new { number = n, date = start.AddDays(n - 1), title = $"Hari {n}" }),
        }, ct)).GetProperty("id").GetInt32();

    public async Task CreateUserAsync(string email, string password, string role, CancellationToken ct) =>
        await PostAsync("api/v1/users", new { email, password, fullName = "Pengguna Benchmark", role }, ct);

    /// <summary>GET /api/v1/programs/{id}/summary, timed from the request sent to the body read.</summary>
    public async Task<(JsonElement Summary, TimeSpan Elapsed)> SummaryAsync(int programmeId, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var response = await _http.GetAsync(new Uri($"api/v1/programs/{programmeId}/summary", UriKind.Relative), ct);
        await EnsureAsync(response, "summary", ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        clock.Stop();
        return (JsonDocument.Parse(body).RootElement.Clone(), clock.Elapsed);
    }

    /// <summary>
    /// Signs in through the login form, as a browser does (antiforgery token and cookie), and answers the Cookie
    /// header that carries the session, for a load generator that does not log in itself.
    /// </summary>
    public static async Task<string> CookieLoginAsync(AppProcess app, string email, string password, CancellationToken ct)
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = app.BaseAddress };
        var form = await http.GetStringAsync(new Uri("Account/Login", UriKind.Relative), ct);
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var login = await http.PostAsync(new Uri("Account/Login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }), ct);
        if (login.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"The login form answered {(int)login.StatusCode}, not a redirect: the sign-in failed.");
        }
        // All of them, the Secure ones included: in Production the app marks its cookies Secure (it runs behind TLS),
        // which a client on plain http would not send back, but the app reads them all the same.
        return string.Join("; ", cookies.GetAllCookies().Select(c => $"{c.Name}={c.Value}"));
    }

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

    /// <summary>Certificates for every completed registration of the batch (DESIGN §7): how many were issued.</summary>
    public async Task<int> IssueCertificatesAsync(int batchId, CancellationToken ct) =>
        (await PostAsync($"api/v1/batches/{batchId}/certificates", new { }, ct)).GetProperty("issued").GetInt32();

    /// <summary>DESIGN §12: e-mail the batch's certificates in the background; how many mails were queued.</summary>
    public async Task<int> SendCertificatesAsync(int batchId, CancellationToken ct) =>
        (await PostAsync($"api/v1/batches/{batchId}/certificates/send", new { confirm = true }, ct)).GetProperty("recipients").GetInt32();

    /// <summary>DESIGN §12 deliveries: the counts, without the items.</summary>
    public async Task<(int Total, int Queued, int Sent, int Failed)> DeliveriesAsync(int batchId, CancellationToken ct)
    {
        var body = await _http.GetFromJsonAsync<JsonElement>($"api/v1/batches/{batchId}/certificates/deliveries", ct);
        return (body.GetProperty("total").GetInt32(), body.GetProperty("queued").GetInt32(), body.GetProperty("sent").GetInt32(),
            body.GetProperty("failed").GetInt32());
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
