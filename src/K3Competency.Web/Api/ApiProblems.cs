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
}
