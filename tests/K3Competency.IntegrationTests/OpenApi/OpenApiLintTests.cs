using System.Text.Json;
using Xunit.Abstractions;

namespace K3Competency.IntegrationTests.OpenApi;

/// <summary>The served document judged by a third party: Redocly CLI with its recommended rules (DESIGN §7, issue 16).</summary>
public sealed class OpenApiLintTests(AppFixture fixture, ITestOutputHelper output) : IntegrationTest(fixture)
{
    [Fact]
    public async Task Served_document_has_no_error_under_redocly_recommended_rules()
    {
        Assert.True(File.Exists(RepoTools.Redocly),
            $"Redocly CLI is not installed: run `npm ci --prefix tools/openapi-lint` (./k3 test does). Looked for {RepoTools.Redocly}.");
        using var http = Factory.CreateClient();
        var document = await http.GetStringAsync("/openapi/v1.json");
        var file = Path.Combine(Path.GetTempPath(), $"k3-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var (exitCode, stdout, stderr) = await RepoTools.RunAsync(RepoTools.Redocly,
                ["lint", "--extends", "recommended", "--format", "json", file], TimeSpan.FromMinutes(2),
                new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" });
            var json = stdout[stdout.IndexOf('{', StringComparison.Ordinal)..];
            using var report = JsonDocument.Parse(json);
            var problems = report.RootElement.GetProperty("problems").EnumerateArray()
                .Select(p => (Severity: p.GetProperty("severity").GetString(),
                    Line: $"{p.GetProperty("ruleId").GetString()} at {p.GetProperty("location")[0].GetProperty("pointer").GetString()}: {p.GetProperty("message").GetString()}"))
                .ToList();
            foreach (var (severity, line) in problems)
            {
                output.WriteLine($"{severity}: {line}");
            }
            var errors = problems.Where(p => p.Severity == "error").Select(p => p.Line).ToList();
            Assert.True(errors.Count == 0, "redocly lint --extends recommended found errors:\n" + string.Join("\n", errors));
            Assert.True(exitCode == 0, $"redocly exited with {exitCode}: {stderr}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
