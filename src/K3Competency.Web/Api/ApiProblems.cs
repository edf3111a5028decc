namespace K3Competency.Web.Api;

/// <summary>RFC 9457 problem details with the status codes of DESIGN §7.</summary>
public static class ApiProblems
{
    /// <summary>422: the body lists what to fix, by field.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Validation(IDictionary<string, string[]> errors, string title = "Data tidak valid") =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = title,
        });

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Status(int status, string title, string? detail = null) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);

    /// <summary>A failed service result as its problem: 422, 404, 403, 409 (conflict and stale edit).</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult From<T>(K3Competency.Application.ServiceResult<T> result)
    {
        var detail = string.Join(" ", result.Errors.SelectMany(e => e.Value));
        return result.Failure switch
        {
            K3Competency.Application.Failure.NotFound => Status(StatusCodes.Status404NotFound, "Tidak ditemukan", detail),
            K3Competency.Application.Failure.Forbidden => Status(StatusCodes.Status403Forbidden, "Tidak diizinkan", detail),
            K3Competency.Application.Failure.Conflict or K3Competency.Application.Failure.Stale =>
                TypedResults.Problem(new HttpValidationProblemDetails(result.Errors.ToDictionary(e => e.Key, e => e.Value))
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = "Konflik",
                    Detail = detail,
                }),
            _ => Validation(result.Errors.ToDictionary(e => e.Key, e => e.Value)),
        };
    }
}
