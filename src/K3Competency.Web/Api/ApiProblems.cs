using K3Competency.Application;
using K3Competency.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

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
