using K3Competency.Application;
using K3Competency.Web.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace K3Competency.Web.Api.OpenApi;

/// <summary>
/// Which problem details (RFC 9457, application/problem+json) an API endpoint answers, as response metadata the
/// OpenAPI document reads. What follows from the endpoint itself is added for every endpoint of the group
/// (<see cref="DescribeProblems"/>): 401 and 403 unless anonymous, 429 when rate limited, 400 when it reads a JSON
/// body, 404 when its route names something. What only the service knows (422, 409, ...) the endpoint declares with
/// <see cref="Refuses{TBuilder}"/>, in the service's own words; the status comes from <see cref="Failures"/>.
/// </summary>
public static class ProblemResponses
{
    public const string ContentType = "application/problem+json";

    /// <summary>Documents the refusals a service of this endpoint may return.</summary>
    public static TBuilder Refuses<TBuilder>(this TBuilder builder, params Failure[] failures) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            foreach (var failure in failures)
            {
                Add(endpoint.Metadata, failure);
            }
        });
        return builder;
    }

    /// <summary>Runs after each endpoint's own conventions, so it sees whether the endpoint is anonymous.</summary>
    public static RouteGroupBuilder DescribeProblems(this RouteGroupBuilder group)
    {
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            var metadata = endpoint.Metadata;
            if (!SecuritySchemes.IsAnonymous(metadata))
            {
                Add(metadata, Failure.Unauthenticated);
                Add(metadata, Failure.Forbidden);
            }
            if (metadata.OfType<EnableRateLimitingAttribute>().Any())
            {
                Add(metadata, Failure.TooManyRequests);
            }
            // A body that is not JSON, or not the JSON of the request type, is refused before the handler runs.
            if (metadata.OfType<IAcceptsMetadata>().Any(a => a.ContentTypes.Any(c => c.Contains("json", StringComparison.OrdinalIgnoreCase))))
            {
                Add(metadata, Failure.Unreadable);
            }
            if (endpoint is RouteEndpointBuilder { RoutePattern.Parameters.Count: > 0 })
            {
                Add(metadata, Failure.NotFound);
            }
        });
        return group;
    }

    private static void Add(IList<object> metadata, Failure failure)
    {
        var status = Failures.StatusOf(failure);
        if (metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status))
        {
            return;
        }
        // Validation and conflicts list the offending fields (ApiProblems adds "errors").
        var type = failure is Failure.Validation or Failure.Conflict or Failure.Stale ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
        metadata.Add(new ProducesResponseTypeMetadata(status, type, [ContentType]));
    }
}
