using K3Competency.Application;
using Microsoft.OpenApi;

namespace K3Competency.Web.Api.OpenApi;

/// <summary>
/// The request of an endpoint that reads an uploaded file itself (streamed, never bound by the framework, so the
/// document cannot see it): the file as multipart field <c>file</c> or as the raw body (CSV or XLSX), and the
/// <c>dryRun</c> and <c>partial</c> switches of DESIGN §6.
/// </summary>
public static class UploadedFile
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static RouteHandlerBuilder AcceptsUploadedFile(this RouteHandlerBuilder builder) =>
        builder
            .Refuses(Failure.Unreadable, Failure.TooLarge)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(Switch("dryRun", "Validate and report without writing anything (the preview)."));
                operation.Parameters.Add(Switch("partial", "Write the valid rows and report the rest; by default one bad row writes nothing."));
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "X-File-Name",
                    In = ParameterLocation.Header,
                    Description = "The file's name for the upload history when the file is sent as the raw body.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "CSV (UTF-8, `,` or `;`) or XLSX (first sheet) with a header row; see the upload page for templates.",
                    Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                    {
                        ["multipart/form-data"] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Required = new HashSet<string>(StringComparer.Ordinal) { "file" },
                                Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                                {
                                    ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The CSV or XLSX file." },
                                },
                            },
                            // Also what tells a generated client (Kiota) to build a multipart body rather than a JSON-like model.
                            Encoding = new Dictionary<string, OpenApiEncoding>(StringComparer.Ordinal)
                            {
                                ["file"] = new() { ContentType = "text/csv, " + Xlsx },
                            },
                        },
                        ["text/csv"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                        [Xlsx] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                    },
                };
                return Task.CompletedTask;
            });

    private static OpenApiParameter Switch(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Description = description + " `?" + name + "` alone counts as true.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.Boolean, Default = System.Text.Json.Nodes.JsonValue.Create(false) },
    };
}
