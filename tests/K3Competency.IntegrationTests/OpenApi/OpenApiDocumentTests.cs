using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using K3Competency.Domain;
using K3Competency.Testing;

namespace K3Competency.IntegrationTests.OpenApi;

/// <summary>
/// What a client generated from /openapi/v1.json relies on: the refusals it may get are documented with the
/// content they really have, optional fields are optional, numbers are numbers, and every operation is named,
/// summarised and tagged. Every operation is found in the served document, so endpoints added later are held to it.
/// </summary>
public sealed class OpenApiDocumentTests(AppFixture fixture) : IntegrationTest(fixture)
{
    private sealed record Operation(string Method, string Path, JsonElement Body);

    private async Task<JsonElement> DocumentAsync()
    {
        using var http = Factory.CreateClient();
        using var response = await http.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static IEnumerable<Operation> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from op in path.Value.EnumerateObject()
        select new Operation(op.Name.ToUpperInvariant(), path.Name, op.Value);

    private static JsonElement Schema(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    private static JsonElement RequestSchema(JsonElement document, string operationId)
    {
        var op = Operations(document).Single(o => o.Body.GetProperty("operationId").GetString() == operationId);
        return Schema(document, op.Body.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
    }

    private static JsonElement ResponseItemSchema(JsonElement document, string operationId)
    {
        var op = Operations(document).Single(o => o.Body.GetProperty("operationId").GetString() == operationId);
        var schema = Schema(document, op.Body.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        return schema.TryGetProperty("items", out var items) ? Schema(document, items) : schema;
    }

    /// <summary>An upload with DESIGN §6's switches: strict unless <c>partial</c>.</summary>
    private static bool IsImport(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters) && parameters.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "partial");

    private static string[] Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var r) ? [.. r.EnumerateArray().Select(e => e.GetString()!)] : [];

    private static string Fill(string path) =>
        path.Replace("{id}", "999999", StringComparison.Ordinal).Replace("{code}", "TIDAKADA2345", StringComparison.Ordinal)
            .Replace("{number}", "99", StringComparison.Ordinal);

    [Fact]
    public async Task Every_refusal_the_API_answers_is_documented_with_the_content_it_really_has()
    {
        var document = await DocumentAsync();
        var callers = new Dictionary<string, HttpClient> { ["anonymous"] = Factory.CreateClient() };
        foreach (var role in Roles.All)
        {
            callers[role] = await TestUsers.BearerClientAsync(Factory, role);
        }

        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in Operations(document).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)))
        {
            var takesJson = op.Body.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("application/json", out _);
            string?[] bodies = op.Method == "GET" ? [null] : takesJson ? ["{}", "{\"tidak json"] : ["{}"];
            foreach (var (who, http) in callers)
            {
                foreach (var text in bodies)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(op.Method), Fill(op.Path));
                    if (text is not null)
                    {
                        request.Content = new StringContent(text, Encoding.UTF8, "application/json");
                    }
                    using var response = await http.SendAsync(request);
                    var status = (int)response.StatusCode;
                    var where = $"{op.Method} {op.Path} as {who} with {text ?? "no body"}: {status}";
                    if (status >= 500)
                    {
                        failures.Add(where + " is a server error");
                        continue;
                    }
                    if (status < 400)
                    {
                        continue;
                    }
                    seen.Add(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (!op.Body.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var documented))
                    {
                        failures.Add(where + " is not among the documented responses");
                        continue;
                    }
                    var mediaType = response.Content.Headers.ContentType?.MediaType;
                    if (mediaType is null || !documented.TryGetProperty("content", out var content) || !content.TryGetProperty(mediaType, out _))
                    {
                        failures.Add($"{where} answered {mediaType ?? "no content type"}, which the document does not list for that status");
                    }
                }
            }
        }
        foreach (var http in callers.Values)
        {
            http.Dispose();
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // The probe reached the refusals of DESIGN §7 that need no data: not signed in, not allowed, unknown id, unreadable.
        Assert.Superset(new HashSet<string> { "400", "401", "403", "404" }, seen);
    }

    [Fact]
    public async Task Problem_responses_are_problem_details_and_validation_ones_list_the_errors()
    {
        var document = await DocumentAsync();
        var problems = new List<string>();
        foreach (var op in Operations(document))
        {
            foreach (var response in op.Body.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('4')))
            {
                if (!response.Value.TryGetProperty("content", out var content))
                {
                    problems.Add($"{op.Method} {op.Path} {response.Name} has no content");
                    continue;
                }
                if (content.TryGetProperty("application/problem+json", out var problem))
                {
                    var schema = Schema(document, problem.GetProperty("schema"));
                    var properties = schema.GetProperty("properties");
                    Assert.True(properties.TryGetProperty("title", out _) && properties.TryGetProperty("status", out _) && properties.TryGetProperty("detail", out _),
                        $"{op.Method} {op.Path} {response.Name}: not an RFC 9457 problem");
                    if (response.Name is "422" or "409" && !properties.TryGetProperty("errors", out _))
                    {
                        problems.Add($"{op.Method} {op.Path} {response.Name}: the problem does not list its errors by field");
                    }
                }
                else if (!(response.Name == "422" && IsImport(op.Body)))
                {
                    // Only a strict import answers 422 with its report instead of a problem (DESIGN §6, §7).
                    problems.Add($"{op.Method} {op.Path} {response.Name} is not application/problem+json");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Optional_fields_of_DESIGN_7_are_optional_and_the_others_required()
    {
        var document = await DocumentAsync();

        var batch = Required(RequestSchema(document, "createBatch"));
        Assert.Superset(new HashSet<string> { "number", "startDate", "endDate", "mode" }, batch.ToHashSet());
        Assert.DoesNotContain("capacity", batch);
        Assert.DoesNotContain("venue", batch);
        var session = Schema(document, RequestSchema(document, "createBatch").GetProperty("properties").GetProperty("sessions").GetProperty("items"));
        Assert.Equal(["date", "number"], Required(session).Order());

        var programme = Required(RequestSchema(document, "createProgram"));
        Assert.Equal(["code", "name", "year"], programme.Order());

        Assert.DoesNotContain("institutionCode", Required(RequestSchema(document, "createUser")));
        Assert.Equal(["email", "password"], Required(RequestSchema(document, "login")).Order());

        Assert.DoesNotContain("revokedAt", Required(ResponseItemSchema(document, "listCertificates")));
        Assert.Contains("number", Required(ResponseItemSchema(document, "listCertificates")));
        Assert.DoesNotContain("revokedAt", Required(ResponseItemSchema(document, "verifyCertificate")));
    }

    [Fact]
    public async Task Integers_are_integers_and_no_number_may_be_sent_as_a_string()
    {
        var document = await DocumentAsync();
        var mixed = new List<string>();
        Walk(document, "#", mixed);
        Assert.True(mixed.Count == 0, "Numbers typed as strings too at:\n" + string.Join("\n", mixed));

        var batch = ResponseItemSchema(document, "getBatch").GetProperty("properties");
        Assert.Equal("integer", batch.GetProperty("id").GetProperty("type").GetString());
        Assert.Equal("integer", batch.GetProperty("registrations").GetProperty("type").GetString());

        // The API now reads numbers only as numbers, as documented.
        using var http = await TestUsers.BearerClientAsync(Factory, Roles.Staff);
        using var response = await http.PostAsync("/api/v1/programs",
            new StringContent("""{"code":"PKAK3-2031","name":"Kegiatan 2031","year":"2031"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)response.StatusCode);
    }

    private static void Walk(JsonElement element, string pointer, List<string> mixed)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array)
                {
                    var types = type.EnumerateArray().Select(t => t.GetString()).ToHashSet();
                    if (types.Contains("string") && (types.Contains("integer") || types.Contains("number")))
                    {
                        mixed.Add(pointer);
                    }
                }
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, pointer + "/" + property.Name, mixed);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{pointer}/{i++}", mixed);
                }
                break;
        }
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_and_a_described_tag_and_says_who_may_call_it()
    {
        var document = await DocumentAsync();
        var described = document.GetProperty("tags").EnumerateArray()
            .Where(t => t.TryGetProperty("description", out var d) && d.GetString()!.Length > 0)
            .Select(t => t.GetProperty("name").GetString()).ToHashSet();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("cookie", schemes.GetProperty("cookie").GetProperty("in").GetString());

        var problems = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in Operations(document))
        {
            var name = $"{op.Method} {op.Path}";
            if (!op.Body.TryGetProperty("operationId", out var id) || !ids.Add(id.GetString()!))
            {
                problems.Add(name + ": no operationId, or one used twice");
            }
            if (!op.Body.TryGetProperty("summary", out var summary) || summary.GetString()!.Length == 0)
            {
                problems.Add(name + ": no summary");
            }
            if (!op.Body.TryGetProperty("tags", out var tags) || tags.EnumerateArray().Any(t => !described.Contains(t.GetString())))
            {
                problems.Add(name + ": a tag without a description (OpenApiSetup.Tags)");
            }
            if (!op.Body.TryGetProperty("security", out _))
            {
                problems.Add(name + ": does not say whether it needs a login");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        Assert.Empty(Operations(document).Single(o => o.Path == "/api/v1/certificates/{code}").Body.GetProperty("security").EnumerateArray());
        Assert.Empty(Operations(document).Single(o => o.Path == "/health/ready").Body.GetProperty("security").EnumerateArray());
        Assert.Equal(2, Operations(document).Single(o => o.Path == "/api/v1/programs" && o.Method == "POST").Body.GetProperty("security").GetArrayLength());
    }

    [Fact]
    public async Task Every_write_documents_its_body_and_uploads_take_a_file_with_their_switches()
    {
        var document = await DocumentAsync();
        // Writes that take no body at all; any other POST/PUT/PATCH without a requestBody reads one the document does not show.
        string[] bodiless = ["issueCertificates", "undoUpload", "approveRegistration"];
        var problems = Operations(document)
            .Where(o => o.Method is "POST" or "PUT" or "PATCH" && !o.Body.TryGetProperty("requestBody", out _)
                && !bodiless.Contains(o.Body.GetProperty("operationId").GetString()))
            .Select(o => $"{o.Method} {o.Path}: reads a body the document does not describe (AcceptsUploadedFile, or a typed parameter)")
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        foreach (var (operationId, xlsx) in new[] { ("importRegistrations", true), ("importAttendance", true), ("importResults", true), ("importMeetingReport", false) })
        {
            var op = Operations(document).Single(o => o.Body.GetProperty("operationId").GetString() == operationId).Body;
            Assert.True(IsImport(op), operationId + " has no partial switch");
            Assert.Contains(op.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "dryRun");
            var content = op.GetProperty("requestBody").GetProperty("content");
            Assert.Equal(["file"], Required(content.GetProperty("multipart/form-data").GetProperty("schema")));
            Assert.True(content.TryGetProperty("text/csv", out _), operationId + " takes no raw CSV");
            Assert.Equal(xlsx, content.TryGetProperty("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", out _));
        }
    }

    [Fact]
    public async Task Health_endpoints_answer_as_documented()
    {
        var document = await DocumentAsync();
        using var http = Factory.CreateClient();
        foreach (var path in new[] { "/health/live", "/health/ready" })
        {
            using var response = await http.GetAsync(path);
            var op = Operations(document).Single(o => o.Path == path);
            var documented = op.Body.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("text/plain")
                .GetProperty("schema").GetProperty("enum")[0].GetString();
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal(documented, await response.Content.ReadAsStringAsync());
            Assert.Equal(new MediaTypeHeaderValue("text/plain").MediaType, response.Content.Headers.ContentType?.MediaType);
        }
    }
}
