using K3Competency.Application.Exports;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K3Competency.Web.Api;

/// <summary>GET /api/v1/batches/{id}/export/{participants,attendance,results,certificates}?format=xlsx|csv (DESIGN §12).</summary>
public static class ExportsApi
{
    public static void MapExportsApi(this RouteGroupBuilder api) =>
        api.MapGet("/batches/{id:int}/export/{list}", ExportAsync)
            .RequireAuthorization(Policies.BatchRead)
            .WithTags("Exports")
            .Produces(StatusCodes.Status200OK, typeof(Stream), ExportFiles.XlsxContentType, ExportFiles.CsvContentType)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("A list of the batch as XLSX (NIK column as Text) or CSV, streamed: participants, attendance, results or "
                         + "certificates. NIKs are whole for Staff and Admin, masked for others; an institution admin gets only its own rows.");

    /// <summary>The access check runs before the first byte, so a refusal is a problem document, never half a file.</summary>
    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportAsync(
        int id, string list, string? format, BatchExports exports, HttpContext http, CancellationToken ct)
    {
        var prepared = await exports.PrepareAsync(id, list, format, http.User.ToActor(), ct);
        if (!prepared.Succeeded)
        {
            return ApiProblems.From(prepared);
        }
        var table = prepared.Value!;
        // Names and NIKs of many people: never kept by a browser or proxy cache.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(body => ExportFiles.WriteAsync(table, body, ct), table.ContentType, table.FileName);
    }
}
