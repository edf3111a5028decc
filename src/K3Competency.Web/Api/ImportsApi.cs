using K3Competency.Application.Imports;
using K3Competency.Domain;
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
            ImportAsync(UploadKind.Registrations, id, http, s, o.Value, ct)).RequireAuthorization(Policies.Manage).WithTags("Imports");
        api.MapPost("/batches/{id:int}/attendance/import", (int id, HttpContext http, ImportService s, IOptions<ImportOptions> o, CancellationToken ct) =>
            ImportAsync(UploadKind.Attendance, id, http, s, o.Value, ct)).RequireAuthorization(Policies.Upload).WithTags("Imports");
        api.MapPost("/batches/{id:int}/results/import", (int id, HttpContext http, ImportService s, IOptions<ImportOptions> o, CancellationToken ct) =>
            ImportAsync(UploadKind.Results, id, http, s, o.Value, ct)).RequireAuthorization(Policies.Upload).WithTags("Imports");
    }

    private static async Task<Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ProblemHttpResult>> ImportAsync(
        UploadKind kind, int batchId, HttpContext http, ImportService imports, ImportOptions options, CancellationToken ct)
    {
        var request = http.Request;
        var dryRun = Flag(request, "dryRun");
        var partial = Flag(request, "partial");
        var isMultipart = MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
                          && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        // A multipart body carries a few hundred bytes of framing around the file.
        if (request.ContentLength is long length && length > options.MaxFileBytes + (isMultipart ? 64 * 1024 : 0))
        {
            return TooLarge(options.MaxFileBytes);
        }
        try
        {
            if (!isMultipart)
            {
                var name = request.Headers["X-File-Name"].FirstOrDefault()
                           ?? (request.ContentType?.Contains("spreadsheetml", StringComparison.OrdinalIgnoreCase) == true ? "unggahan.xlsx" : "unggahan.csv");
                return Answer(await imports.ImportAsync(new ImportRequest(kind, batchId, name, http.User.ToActor())
                {
                    DryRun = dryRun,
                    Partial = partial,
                    DeclaredLength = request.ContentLength,
                }, request.Body, ct));
            }
            var boundary = HeaderUtilities.RemoveQuotes(mediaType!.Boundary).Value;
            if (string.IsNullOrEmpty(boundary))
            {
                return ApiProblems.Status(StatusCodes.Status400BadRequest, "Permintaan tidak terbaca", "Batas multipart tidak ada.");
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
                return Answer(await imports.ImportAsync(new ImportRequest(kind, batchId, Path.GetFileName(fileName), http.User.ToActor())
                {
                    DryRun = dryRun,
                    Partial = partial,
                }, section.Body, ct));
            }
            return ApiProblems.Status(StatusCodes.Status400BadRequest, "Berkas tidak ada", "Kirim berkas pada field multipart \"file\", atau sebagai isi permintaan (text/csv atau XLSX).");
        }
        catch (ImportFileTooLargeException e)
        {
            return TooLarge(e.MaxBytes);
        }
        catch (ImportFileException e)
        {
            return ApiProblems.Status(StatusCodes.Status400BadRequest, "Berkas tidak dapat dibaca", e.Message);
        }
        catch (ImportForbiddenException e)
        {
            return ApiProblems.Status(StatusCodes.Status403Forbidden, "Tidak diizinkan", e.Message);
        }
        catch (ImportBatchNotFoundException e)
        {
            return ApiProblems.Status(StatusCodes.Status404NotFound, "Angkatan tidak ditemukan", e.Message);
        }
        catch (ImportBusyException e)
        {
            return ApiProblems.Status(StatusCodes.Status409Conflict, "Unggahan lain sedang berjalan", e.Message);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own refusals of the body (too large, too slow, cut off) keep their status.
            return e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge(options.MaxFileBytes)
                : ApiProblems.Status(e.StatusCode, "Permintaan tidak terbaca", UnreadableBody);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            // A multipart body with a wrong boundary, cut off, or with oversized part headers.
            return ApiProblems.Status(StatusCodes.Status400BadRequest, "Permintaan tidak terbaca", UnreadableBody);
        }
    }

    private const string UnreadableBody =
        "Isi permintaan tidak dapat dibaca sebagai unggahan (multipart/form-data rusak atau terpotong). Kirim berkas pada field multipart \"file\", " +
        "atau sebagai isi permintaan (text/csv atau XLSX).";

    private static Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ProblemHttpResult> Answer(ImportReport report) =>
        report.RefusedAsWhole ? TypedResults.UnprocessableEntity(report) : TypedResults.Ok(report);

    private static ProblemHttpResult TooLarge(long max) =>
        ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, "Berkas terlalu besar", new ImportFileTooLargeException(max).Message);

    private static bool Flag(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var v) && (v.ToString().Length == 0 || bool.TryParse(v, out var b) && b);
}
