using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace K3Competency.Web.Api.OpenApi;

/// <summary>
/// A field that may be null may also be left out (DESIGN §7's <c>capacity?</c>, <c>venue?</c>, thresholds,
/// <c>title?</c>, <c>institutionCode?</c>, <c>revokedAt?</c>): the generator lists every constructor parameter as
/// required, and a generated client would then refuse a valid body that omits one.
/// </summary>
internal sealed class OptionalFields : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Required is not { Count: > 0 } required)
        {
            return Task.CompletedTask;
        }
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (MayBeOmitted(property))
            {
                required.Remove(property.Name);
            }
        }
        return Task.CompletedTask;
    }

    private static bool MayBeOmitted(JsonPropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null
        || (!property.PropertyType.IsValueType && (property.AssociatedParameter?.IsNullable ?? property.IsGetNullable))
        || property.AssociatedParameter?.HasDefaultValue == true;
}
