using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace K3Competency.Web.Api;

/// <summary>
/// A JSON value our converters refuse, with the Indonesian message that says how to write it. System.Text.Json keeps
/// the message of a converter's exception and adds the path; its own exceptions carry English text, never shown.
/// </summary>
public sealed class UnreadableValueException(string message) : JsonException(message);

/// <summary>
/// A request body an endpoint cannot bind (malformed JSON, a date or time in another form) as a 400 problem in
/// Indonesian naming the field, instead of the framework's bare "Bad Request". Minimal APIs throw it
/// (<c>ThrowOnBadRequest</c>) so it reaches here; handled, it is not logged as an unhandled error.
/// </summary>
public sealed class UnreadableRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        var json = bad.InnerException as JsonException;
        var field = json?.Path is { Length: > 0 } path ? path.TrimStart('$').TrimStart('.') : null;
        var detail = (json, field) switch
        {
            (UnreadableValueException ours, { Length: > 0 }) => $"Field {field}: {ours.Message}",
            (not null, { Length: > 0 }) => $"Nilai field {field} tidak sesuai jenisnya (tanggal yyyy-MM-dd, jam HH:mm, angka tanpa tanda kutip). Perbaiki lalu kirim lagi.",
            (not null, _) => "Isi permintaan bukan JSON yang dapat dibaca. Periksa tanda kutip, koma dan kurung kurawalnya.",
            _ => "Isi atau parameter permintaan tidak terbaca. Kirim sesuai dokumen OpenAPI di /openapi/v1.json (isi JSON dengan Content-Type: application/json).",
        };
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Title = "Permintaan tidak terbaca", Detail = detail },
        });
    }
}
