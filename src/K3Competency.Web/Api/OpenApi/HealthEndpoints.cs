using K3Competency.Web.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace K3Competency.Web.Api.OpenApi;

/// <summary>
/// /health/live and /health/ready (DESIGN §7). They are health-check endpoints, not route handlers, so the
/// generator does not see them; they are described here as <see cref="WebSetup"/> maps them.
/// </summary>
internal sealed class HealthEndpoints : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= [];
        document.Paths[WebSetup.LivePath] = Path(document, "getLiveness", "Liveness: the process answers.",
            "Always 200 `Healthy` while the process runs; the database is not asked.", ready: false);
        document.Paths[WebSetup.ReadyPath] = Path(document, "getReadiness", "Readiness: the database answers.",
            "200 `Healthy` when PostgreSQL answers, 503 `Unhealthy` when it does not.", ready: true);
        return Task.CompletedTask;
    }

    private static OpenApiPathItem Path(OpenApiDocument document, string operationId, string summary, string description, bool ready)
    {
        var responses = new OpenApiResponses
        {
            ["200"] = Text("Healthy"),
        };
        if (ready)
        {
            responses["503"] = Text("Unhealthy");
        }
        return new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = operationId,
                    Summary = summary,
                    Description = description,
                    Tags = new HashSet<OpenApiTagReference> { new("Health") },
                    Security = [],
                    Responses = responses,
                },
            },
        };
    }

    private static OpenApiResponse Text(string answer) => new()
    {
        Description = answer,
        Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
        {
            ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create(answer)] } },
        },
    };
}
