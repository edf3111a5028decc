using K3Competency.Application;
using K3Competency.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace K3Competency.Web.Api;

/// <summary>
/// A refusal as RFC 9457 problem details, with the status codes of DESIGN §7 taken from <see cref="Failures"/>.
/// The detail is the service's Indonesian message; 422 and 409 also list the errors by field.
/// </summary>
public static class ApiProblems
{
    /// <summary>A failed service result as its problem; <paramref name="title"/> names what failed when the default is too vague.</summary>
    public static ProblemHttpResult From<T>(ServiceResult<T> result, string? title = null) =>
        Problem(result.Failure, result.Message, result.Errors, title);

    /// <summary>
    /// Every problem the framework writes by itself (status code pages, a body that cannot be bound, an
    /// exception) gets an Indonesian title and a detail saying what to do, instead of "Bad Request". The title
    /// is the one <see cref="Failures"/> gives the refusal of that status; our own problems keep theirs.
    /// </summary>
    public static void Indonesian(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (problem.Title is not null && problem.Title != ReasonPhrases.GetReasonPhrase(status) && problem.Title != FrameworkExceptionTitle)
        {
            return;
        }
        problem.Title = Failures.OfStatus(status) is { } failure ? Failures.TitleOf(failure)
            : status switch
            {
                StatusCodes.Status405MethodNotAllowed => "Metode tidak didukung",
                StatusCodes.Status415UnsupportedMediaType => "Jenis isi tidak didukung",
                >= StatusCodes.Status500InternalServerError => "Terjadi kesalahan pada server",
                _ => "Permintaan tidak dapat diproses",
            };
        problem.Detail ??= status switch
        {
            StatusCodes.Status400BadRequest => "Periksa isi permintaan: JSON yang sah dengan field sesuai dokumentasi API (/openapi/v1.json).",
            StatusCodes.Status401Unauthorized => "Masuk dulu: kirim token dari POST /api/v1/auth/login sebagai Authorization: Bearer <token>.",
            StatusCodes.Status403Forbidden => "Peran atau lembaga Anda tidak berhak atas permintaan ini.",
            StatusCodes.Status404NotFound => "Alamat atau data yang diminta tidak ada.",
            StatusCodes.Status405MethodNotAllowed => "Alamat ini tidak menerima metode HTTP tersebut.",
            StatusCodes.Status413PayloadTooLarge => "Perkecil isi permintaan, atau pecah berkas menjadi beberapa unggahan.",
            StatusCodes.Status415UnsupportedMediaType => "Kirim isi permintaan sebagai application/json (atau jenis yang disebut dokumentasi API).",
            StatusCodes.Status429TooManyRequests => "Tunggu sebentar, lalu coba lagi.",
            >= StatusCodes.Status500InternalServerError => "Permintaan tidak dapat diselesaikan. Coba lagi; bila berulang, hubungi administrator.",
            _ => null,
        };
    }

    /// <summary>The title the exception handler gives an unhandled exception.</summary>
    private const string FrameworkExceptionTitle = "An error occurred while processing your request.";

    /// <summary>A refusal that did not come from a service result (a request the endpoint cannot read, an absent read).</summary>
    public static ProblemHttpResult For(Failure failure, string detail, string? title = null) =>
        Problem(failure, detail, errors: null, title);

    private static ProblemHttpResult Problem(Failure failure, string detail, IReadOnlyDictionary<string, string[]>? errors, string? title)
    {
        var status = Failures.StatusOf(failure);
        var withFields = failure is Failure.Validation or Failure.Conflict or Failure.Stale && errors is not null;
        var problem = withFields
            ? new HttpValidationProblemDetails(errors!.ToDictionary(e => e.Key, e => e.Value))
            : new Microsoft.AspNetCore.Mvc.ProblemDetails();
        problem.Status = status;
        problem.Title = title ?? Failures.TitleOf(failure);
        problem.Detail = detail.Length == 0 ? null : detail;
        return TypedResults.Problem(problem);
    }
}
