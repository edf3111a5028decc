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

    /// <summary>An import (DESIGN §6): CSV or XLSX with a header row.</summary>
    public static RouteHandlerBuilder AcceptsUploadedFile(this RouteHandlerBuilder builder) =>
        builder.AcceptsUploadedFile(
            "CSV (UTF-8, `,` or `;`) or XLSX (first sheet) with a header row; see the upload page for templates.", xlsx: true);

    /// <summary>An online-meeting participant report (DESIGN §10.2): the CSV as Zoom, Teams or Google Meet exports it.</summary>
    public static RouteHandlerBuilder AcceptsMeetingReport(this RouteHandlerBuilder builder) =>
        builder.AcceptsUploadedFile(
            "The participant report exactly as Zoom, Microsoft Teams or Google Meet exports it (CSV, UTF-8 or UTF-16); the format is detected from the content.",
            xlsx: false);

    private static RouteHandlerBuilder AcceptsUploadedFile(this RouteHandlerBuilder builder, string description, bool xlsx) =>
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
                var content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string>(StringComparer.Ordinal) { "file" },
                            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                            {
                                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = xlsx ? "The CSV or XLSX file." : "The CSV file." },
                            },
                        },
                        // Also what tells a generated client (Kiota) to build a multipart body rather than a JSON-like model.
                        Encoding = new Dictionary<string, OpenApiEncoding>(StringComparer.Ordinal)
                        {
                            ["file"] = new() { ContentType = xlsx ? "text/csv, " + Xlsx : "text/csv" },
                        },
                    },
                    ["text/csv"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                };
                if (xlsx)
                {
                    content[Xlsx] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
                }
                operation.RequestBody = new OpenApiRequestBody { Required = true, Description = description, Content = content };
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
