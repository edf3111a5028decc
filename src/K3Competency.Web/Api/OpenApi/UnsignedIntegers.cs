using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace K3Competency.Web.Api.OpenApi;

/// <summary>
/// A <c>uint</c> (the row versions, PostgreSQL's xmin) is described as an int64 between 0 and 2³²−1: "uint32" is no
/// format OpenAPI defines, and a client that falls back to a 32-bit signed integer breaks once xmin passes 2³¹.
/// </summary>
internal sealed class UnsignedIntegers : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(uint) || type == typeof(uint?))
        {
            schema.Format = "int64";
            schema.Minimum = "0";
            schema.Maximum = uint.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Task.CompletedTask;
    }
}
