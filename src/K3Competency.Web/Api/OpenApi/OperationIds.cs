using System.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace K3Competency.Web.Api.OpenApi;

/// <summary>
/// An endpoint named with <c>WithName</c> keeps that name as its operationId. One without a name still gets a
/// stable, unique id from its method and route (<c>GET /api/v1/batches/{id}/certificates</c> →
/// <c>getBatchesByIdCertificates</c>), so generated clients and links into the document never lack one.
/// </summary>
internal sealed class OperationIds : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(operation.OperationId))
        {
            operation.OperationId = FromRoute(context.Description.HttpMethod ?? "GET", context.Description.RelativePath ?? "");
        }
        return Task.CompletedTask;
    }

    public static string FromRoute(string method, string path)
    {
        var id = new StringBuilder(method.ToLowerInvariant());
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment is "api" or "v1")
            {
                continue;
            }
            var word = segment;
            if (segment.StartsWith('{'))
            {
                id.Append("By");
                word = segment.Trim('{', '}').Split(':', '=', '?')[0];
            }
            foreach (var part in word.Split('-', '.', '_'))
            {
                if (part.Length > 0)
                {
                    id.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
                }
            }
        }
        return id.ToString();
    }
}
