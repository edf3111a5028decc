using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using K3Competency.Domain;
using K3Competency.IntegrationTests.Registrations;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.Access;

/// <summary>
/// Bad input never makes a 5xx (issue 10, finding 9): every page and API endpoint the authorisation matrix
/// discovers is sent, by anonymous and by each role, malformed ids, huge page numbers, over-long strings,
/// wrong content types and broken multipart bodies. Whatever the answer is, it is not a server error.
/// </summary>
public sealed class FuzzTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private static readonly string Long = new('Ä', 100_000);
    private static readonly string LongQuery = new('9', 3000);

    private static readonly string[] MalformedIds = ["-1", "0", "2147483648", "99999999999999999999", "abc", "null", "1%27%20OR%201=1", new string('1', 300)];

    /// <summary>API bodies: unreadable JSON, wrong types, deep nesting, text/plain and broken multipart.</summary>
    private static IEnumerable<(string What, Func<HttpContent> Body)> ApiBodies(IReadOnlyCollection<string> fields)
    {
        yield return ("invalid JSON", () => new StringContent("{\"a\":", Encoding.UTF8, "application/json"));
        yield return ("wrong types", () => new StringContent(
            JsonSerializer.Serialize(fields.ToDictionary(f => f, _ => (object)new[] { 1, 2 })), Encoding.UTF8, "application/json"));
        yield return ("over-long strings", () => new StringContent(
            JsonSerializer.Serialize(fields.ToDictionary(f => f, f => (object)(f.Contains("date", StringComparison.OrdinalIgnoreCase) ? "2023-13-45" : Long))), Encoding.UTF8, "application/json"));
        yield return ("huge numbers", () => new StringContent(
            JsonSerializer.Serialize(fields.ToDictionary(f => f, _ => (object)1e308)), Encoding.UTF8, "application/json"));
        yield return ("deep nesting", () => new StringContent(new string('[', 5000) + new string(']', 5000), Encoding.UTF8, "application/json"));
        yield return ("text/plain", () => new StringContent(Long, Encoding.UTF8, "text/plain"));
        yield return ("application/xml", () => new StringContent("<a/>", Encoding.UTF8, "application/xml"));
        yield return ("broken multipart", Multipart);
    }

    private static HttpContent Multipart()
    {
        var content = new StringContent("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nX: " + new string('p', 20 * 1024) + "\r\n\r\nnik", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        return content;
    }

    [Fact]
    public async Task No_page_or_endpoint_answers_bad_input_with_a_server_error()
    {
        // Data behind id 1 of every table (Respawn restarts the identities), so valid ids reach the handlers too.
        await TwoInstitutions.CreateAsync(Factory);
        var targets = AppEndpoints.Discover(Factory.Services);
        var fields = await ApiFieldsAsync();

        var clients = new List<(string Who, FormClient Client, string Token)>();
        foreach (var who in new[] { "anonymous" }.Concat(Roles.All))
        {
            var client = who == "anonymous" ? Factory.CreateFormClient()
                : await TestUsers.SignedInClientAsync(Factory, await TestUsers.CreateAsync(Factory, who));
            clients.Add((who, client, FormClient.AntiforgeryToken(await client.GetStringAsync("/Account/Login"))!));
        }

        var failures = new List<string>();
        var sent = 0;
        async Task SendAsync(string who, FormClient client, string token, HttpMethod method, string url, HttpContent? body, string what)
        {
            using var request = new HttpRequestMessage(method, url) { Content = body };
            if (method != HttpMethod.Get)
            {
                request.Headers.Add("RequestVerificationToken", token);
            }
            using var response = await client.Http.SendAsync(request);
            sent++;
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{method} {url[..Math.Min(url.Length, 120)]} as {who} ({what}): {(int)response.StatusCode}");
            }
        }

        foreach (var target in targets)
        {
            // A fuzzed logout would end the session the rest of the run needs; its form has no input anyway.
            if (target.Key == "/Account/Logout")
            {
                continue;
            }
            var getFields = target.Page is null ? [] : await AppEndpoints.GetFieldsAsync(Factory.Services, target.Page);
            var handlers = target.Page is null ? [] : await AppEndpoints.PostHandlersAsync(Factory.Services, target.Page);
            foreach (var (who, client, token) in clients)
            {
                var method = new HttpMethod(target.Method);
                foreach (var id in MalformedIds)
                {
                    await SendAsync(who, client, token, method, target.Url(_ => id), null, $"id {id[..Math.Min(id.Length, 12)]}");
                }
                var query = "?p=2147483647&page=2147483647&q=" + LongQuery + string.Concat(getFields.Select(f => $"&{Uri.EscapeDataString(f)}={LongQuery}"));
                await SendAsync(who, client, token, method, target.Url(_ => "1") + query, null, "huge page, long query");

                if (target.IsApi && method != HttpMethod.Get)
                {
                    foreach (var (what, body) in ApiBodies(fields))
                    {
                        await SendAsync(who, client, token, method, target.Url(_ => "1") + "?dryRun=ya&partial=1", body(), what);
                    }
                }
                foreach (var handler in handlers)
                {
                    var url = target.Url(_ => "1") + (handler.Name is null ? "" : $"?handler={handler.Name}");
                    var form = handler.Fields.ToDictionary(f => f, _ => Long);
                    form["__RequestVerificationToken"] = token;
                    await SendAsync(who, client, token, HttpMethod.Post, url, new FormUrlEncodedContent(form), "over-long form");
                    await SendAsync(who, client, token, HttpMethod.Post, url, new StringContent("{}", Encoding.UTF8, "application/json"), "JSON to a form");
                    await SendAsync(who, client, token, HttpMethod.Post, url, Multipart(), "broken multipart");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests answered with a server error:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(60))}");
    }

    /// <summary>Every property name of every request schema in the OpenAPI document.</summary>
    private async Task<IReadOnlyCollection<string>> ApiFieldsAsync()
    {
        using var http = Factory.CreateClient();
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (doc.RootElement.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var schemas))
        {
            foreach (var schema in schemas.EnumerateObject())
            {
                if (schema.Value.TryGetProperty("properties", out var properties))
                {
                    foreach (var p in properties.EnumerateObject())
                    {
                        names.Add(p.Name);
                    }
                }
            }
        }
        return names;
    }
}
