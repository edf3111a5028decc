using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace K3Competency.Web.Api.OpenApi;

/// <summary>
/// The OpenAPI document at /openapi/v1.json (DESIGN §7), shaped so that a generated client can use it: the
/// transformers here describe what every endpoint really does from its metadata (who may call it, which problems
/// it answers, which fields are optional), so an endpoint added later is described without extra work. What the
/// metadata cannot say (a summary, which refusals a service makes) is said where the endpoint is mapped.
/// </summary>
public static class OpenApiSetup
{

    /// <summary>Every tag an endpoint uses, with the description a reader of the document sees.</summary>
    public static readonly IReadOnlyDictionary<string, string> Tags = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Auth"] = "Sign in for a bearer token. The web login's cookie is accepted too.",
        ["Users"] = "Accounts and their roles (Admin only).",
        ["Institutions"] = "Training institutions, PJK3, associations and the directorate (DESIGN §3).",
        ["Programmes"] = "Programmes (kegiatan) with their thresholds and targets, and their batches.",
        ["Batches"] = "Batches (angkatan) with sessions, partner institutions and registration counts.",
        ["Imports"] = "Bulk uploads of registrations, attendance and results as CSV or XLSX (DESIGN §6): strict by default, "
                      + "partial or dry run on request; the answer is the import report.",
        ["Reporting"] = "The programme summary of DESIGN §7.1, computed in the database: the same numbers as the dashboard.",
        ["Certificates"] = "Issuing, listing and revoking certificates, and the public check of a verification code.",
        ["Attendance"] = "Attendance from its sources (DESIGN §10): online-meeting reports, aliases for their names, and the venue check-in by QR code.",
        ["Registrations"] = "Corrections of one registration: test scores, cancelling and restoring; a certificate the change would make untrue is named (409) or revoked and reissued.",
        ["Participants"] = "Corrections of a person's details; a certificate that names the old name is named (409) or revoked and reissued.",
        ["Self-registration"] = "The public registration form of a batch (DESIGN §10.4) and the staff queue that approves or rejects it.",
        ["Exports"] = "A batch's lists (participants, attendance, results) as XLSX or CSV.",
        ["Credentials"] = "Certificates as verifiable credentials (Open Badges 3.0, VC-JWT) and their public keys.",
        ["Health"] = "Liveness and readiness for load balancers and orchestrators.",
    };

    public static IServiceCollection AddK3OpenApi(this IServiceCollection services)
    {
        // Numbers are numbers: the web default also reads "12" for 12, which the document then has to type as
        // integer|string, and a generated client cannot tell which to send.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<HealthEndpoints>();
            o.AddDocumentTransformer<SecuritySchemes>();
            o.AddDocumentTransformer<DocumentInfo>();
            o.AddOperationTransformer<SecuritySchemes>();
            o.AddOperationTransformer<OperationIds>();
            o.AddSchemaTransformer<OptionalFields>();
            o.AddSchemaTransformer<UnsignedIntegers>();
        });
        return services;
    }

    /// <summary>Title, description, servers and tag descriptions.</summary>
    private sealed class DocumentInfo : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            document.Info = new OpenApiInfo
            {
                Title = "K3Competency API",
                Version = "v1",
                Description = """
                    The system of record of Kemnaker's *Peningkatan Kompetensi Ahli K3* programme: institutions, programmes,
                    batches, bulk imports, the programme summary and certificates.

                    **Authentication.** `POST /api/v1/auth/login` with `{email, password}` answers `{accessToken, expiresIn}`;
                    send `Authorization: Bearer <accessToken>`. The cookie of the web login is accepted as well.

                    **Errors** are RFC 9457 problem details (`application/problem+json`) with an Indonesian `title` and `detail`:
                    400 unreadable request, 401 not signed in, 403 role or institution not allowed, 404 unknown id,
                    409 conflict (duplicate, stale edit), 413 file too large, 422 validation failed (`errors` by field),
                    429 too many requests.

                    Times are UTC (ISO 8601); dates are `yyyy-MM-dd`; numbers are JSON numbers.
                    """,
            };
            // A server URL must not end in a slash: the paths already start with one.
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }
            var used = (document.Paths ?? [])
                .SelectMany(p => p.Value.Operations ?? [])
                .SelectMany(o => o.Value.Tags ?? new HashSet<OpenApiTagReference>())
                .Select(t => t.Name)
                .OfType<string>()
                .ToHashSet(StringComparer.Ordinal);
            document.Tags = new HashSet<OpenApiTag>(used.Order(StringComparer.Ordinal).Select(name => new OpenApiTag
            {
                Name = name,
                Description = Tags.GetValueOrDefault(name),
            }));
            return Task.CompletedTask;
        }
    }
}
