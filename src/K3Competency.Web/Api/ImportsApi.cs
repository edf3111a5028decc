using K3Competency.Application;
using K3Competency.Application.Imports;
using K3Competency.Domain;
using K3Competency.Web.Api.OpenApi;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace K3Competency.Web.Api;

/// <summary>
/// Bulk imports (DESIGN §6, §7): the file as multipart field "file" or as the raw body (text/csv or XLSX),
/// streamed into the import service without buffering the whole upload.
/// </summary>
public static class ImportsApi
{
    public static void MapImportsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/batches/{id:int}/registrations/import", (int id, HttpContext http, ImportService s, IOptions<ImportOptions> o, CancellationToken ct) =>
            ImportAsync(UploadKind.Registrations, id, http, s, o.Value, ct)).RequireAuthorization(Policies.Manage).WithTags("Imports")
            .WithName("importRegistrations")
            .WithSummary("Import registrations (nik, nama, kategori, ...): 200 with the report, 422 with the report when strict and rejected.")
            .AcceptsUploadedFile();
        api.MapPost("/batches/{id:int}/attendance/import", (int id, HttpContext http, ImportService s, IOptions<ImportOptions> o, CancellationToken ct) =>
            ImportAsync(UploadKind.Attendance, id, http, s, o.Value, ct)).RequireAuthorization(Policies.Upload).WithTags("Imports")
            .WithName("importAttendance")
            .WithSummary("Import attendance (nik, sesi, status, ...): 200 with the report, 422 with the report when strict and rejected.")
            .AcceptsUploadedFile();
        api.MapPost("/batches/{id:int}/results/import", (int id, HttpContext http, ImportService s, IOptions<ImportOptions> o, CancellationToken ct) =>
            ImportAsync(UploadKind.Results, id, http, s, o.Value, ct)).RequireAuthorization(Policies.Upload).WithTags("Imports")
            .WithName("importResults")
            .WithSummary("Import test results (nik, nilai_pre_test, nilai_post_test): 200 with the report, 422 with the report when strict and rejected.")
            .AcceptsUploadedFile();
        api.MapGet("/uploads", async (int? batchId, int? page, HttpContext http, UploadHistory history, CancellationToken ct) =>
            TypedResults.Ok(await history.PageAsync(http.User.ToActor(), batchId, Math.Max(1, page ?? 1), 100, ct)))
            .RequireAuthorization(Policies.Manage).WithTags("Imports")
            .WithName("listUploads")
            .WithSummary("The upload history the caller may see, 100 to a page; batchId narrows it to one batch.");
        api.MapPost("/uploads/{id:long}/undo", async Task<Results<Ok<UndoReport>, ProblemHttpResult>> (long id, HttpContext http, UploadUndo undo, CancellationToken ct) =>
        {
            var result = await undo.UndoAsync(id, http.User.ToActor(), ct);
            return result.Succeeded ? TypedResults.Ok(result.Value!) : ApiProblems.From(result);
        }).RequireAuthorization(Policies.Manage).WithTags("Imports")
            .WithName("undoUpload")
            .Refuses(Failure.Conflict)
            .WithSummary("Undo an upload: the rows it wrote are taken back, unless a later change rests on them (409).");
    }

    private static Task<Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ProblemHttpResult>> ImportAsync(
        UploadKind kind, int batchId, HttpContext http, ImportService imports, ImportOptions options, CancellationToken ct) =>
        ReceiveAsync<Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ProblemHttpResult>>(http, options, async upload =>
            Answer(await imports.ImportAsync(new ImportRequest(kind, batchId, upload.FileName, http.User.ToActor())
            {
                DryRun = upload.DryRun, Partial = upload.Partial, DeclaredLength = upload.DeclaredLength, Reason = upload.Reason,
            }, upload.Body, ct)), p => p, ct);

    /// <summary>An upload as the request brought it: the file's name and body, and the query's dryRun, partial and reason.</summary>
    public sealed record Upload(string FileName, Stream Body, long? DeclaredLength, bool DryRun, bool Partial, string? Reason = null);

    /// <summary>
    /// Reads the file of an import request (multipart field "file", or the raw body) and hands it to
    /// <paramref name="import"/>; a request without a readable file, or over the limit, is a problem.
    /// </summary>
    public static async Task<TResult> ReceiveAsync<TResult>(HttpContext http, ImportOptions options, Func<Upload, Task<TResult>> import,
        Func<ProblemHttpResult, TResult> problem, CancellationToken ct)
    {
        var request = http.Request;
        var dryRun = Flag(request, "dryRun");
        var partial = Flag(request, "partial");
        var reason = request.Query["reason"].FirstOrDefault();
        var isMultipart = MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
                          && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        // A multipart body carries a few hundred bytes of framing around the file.
        if (request.ContentLength is long length && length > options.MaxFileBytes + (isMultipart ? 64 * 1024 : 0))
        {
            return problem(ApiProblems.From(ImportService.TooLarge(options.MaxFileBytes)));
        }
        try
        {
            if (!isMultipart)
            {
                var name = request.Headers["X-File-Name"].FirstOrDefault()
                           ?? (request.ContentType?.Contains("spreadsheetml", StringComparison.OrdinalIgnoreCase) == true ? "unggahan.xlsx" : "unggahan.csv");
                return await import(new Upload(name, request.Body, request.ContentLength, dryRun, partial, reason));
            }
            var boundary = HeaderUtilities.RemoveQuotes(mediaType!.Boundary).Value;
            if (string.IsNullOrEmpty(boundary))
            {
                return problem(ApiProblems.For(Failure.Unreadable, "Batas multipart tidak ada.", "Permintaan tidak terbaca"));
            }
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.Name.Equals("file", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                var fileName = disposition.FileName.HasValue ? HeaderUtilities.RemoveQuotes(disposition.FileName).Value! : "unggahan.csv";
                return await import(new Upload(Path.GetFileName(fileName), section.Body, null, dryRun, partial, reason));
            }
            return problem(ApiProblems.For(Failure.Unreadable, "Kirim berkas pada field multipart \"file\", atau sebagai isi permintaan (text/csv atau XLSX).", "Berkas tidak ada"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return problem(ApiProblems.From(ImportService.TooLarge(options.MaxFileBytes)));
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            // A multipart body with a wrong boundary, cut off, or with oversized part headers (Kestrel's own
            // refusals of a body are IOExceptions too).
            return problem(ApiProblems.For(Failure.Unreadable, UnreadableBody));
        }
    }

    private const string UnreadableBody =
        "Isi permintaan tidak dapat dibaca sebagai unggahan (multipart/form-data rusak atau terpotong). Kirim berkas pada field multipart \"file\", " +
        "atau sebagai isi permintaan (text/csv atau XLSX).";

    /// <summary>
    /// The report, 422 when strict mode refused the file for its row errors (DESIGN §7: the body is the report,
    /// not a problem); a refusal of the request as a whole is a problem with its failure's status.
    /// </summary>
    private static Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ProblemHttpResult> Answer(ServiceResult<ImportReport> result) =>
        !result.Succeeded ? ApiProblems.From(result)
        : result.Value!.RefusedAsWhole ? TypedResults.UnprocessableEntity(result.Value)
        : TypedResults.Ok(result.Value);

    private static bool Flag(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var v) && (v.ToString().Length == 0 || bool.TryParse(v, out var b) && b);
}
