using K3Competency.Application;
using K3Competency.Application.Registrations;
using K3Competency.Web.Api.OpenApi;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K3Competency.Web.Api;

/// <summary>Corrections of DESIGN §12: a registration's scores, cancellation and restoration; the same services as the correction page.</summary>
public static class RegistrationsApi
{
    public sealed record ScoresRequest(decimal? PreTest, decimal? PostTest, bool? RevokeCertificate, string? Reason);

    /// <summary>{reason}; revokeCertificate confirms revoking a live certificate that rests on the registration.</summary>
    public sealed record CancelRequest(string? Reason, bool? RevokeCertificate);

    public sealed record CancelAnswer(long Id, bool Cancelled, DateTime? CancelledAt, string? CancellationReason, IReadOnlyList<string> Revoked);

    /// <summary>The registration after the change, and the certificates revoked and issued in its place.</summary>
    public sealed record ScoresAnswer(
        long Id, decimal? PreTest, decimal? PostTest, bool Completed, bool HighPerforming, IReadOnlyList<string> Certificates,
        IReadOnlyList<string> Revoked, IReadOnlyList<string> Reissued);

    public static void MapRegistrationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/registrations").WithTags("Registrations");
        group.MapPut("/{id:long}/scores", SetScoresAsync).RequireAuthorization(Policies.Upload).Refuses(Failure.Validation, Failure.Conflict)
            .WithSummary("Set pre- and post-test: {preTest?, postTest?, revokeCertificate?, reason?}; 409 naming the certificate a change would make untrue.");
        group.MapPost("/{id:long}/cancel", CancelAsync).RequireAuthorization(Policies.Manage).Refuses(Failure.Validation, Failure.Conflict)
            .WithSummary("Cancel with {reason}: the registration leaves every figure and stays visible as cancelled; 409 when a valid certificate rests on it.");
        group.MapPost("/{id:long}/restore", RestoreAsync).RequireAuthorization(Policies.Manage).Refuses(Failure.Validation, Failure.Conflict)
            .WithSummary("Restore a cancelled registration with {reason}: it counts again.");
    }

    private static async Task<Results<Ok<CancelAnswer>, ProblemHttpResult>> CancelAsync(
        long id, CancelRequest request, CorrectionService corrections, HttpContext http, CancellationToken ct)
    {
        var result = await corrections.CancelAsync(id, request.Reason, http.User.ToActor(), ct,
            new CertificateRevocation(request.RevokeCertificate == true, null));
        return result.Succeeded ? TypedResults.Ok(Cancelled(result.Value!)) : ApiProblems.From(result);
    }

    private static async Task<Results<Ok<CancelAnswer>, ProblemHttpResult>> RestoreAsync(
        long id, CancelRequest request, CorrectionService corrections, HttpContext http, CancellationToken ct)
    {
        var result = await corrections.RestoreAsync(id, request.Reason, http.User.ToActor(), ct);
        return result.Succeeded ? TypedResults.Ok(Cancelled(result.Value!)) : ApiProblems.From(result);
    }

    private static CancelAnswer Cancelled(CorrectionView v) =>
        new(v.Registration.Id, v.Registration.Cancelled, v.Registration.CancelledAt, v.Registration.CancellationReason, v.Revoked);

    private static async Task<Results<Ok<ScoresAnswer>, ProblemHttpResult>> SetScoresAsync(
        long id, ScoresRequest request, CorrectionService corrections, HttpContext http, CancellationToken ct)
    {
        var result = await corrections.SetScoresAsync(id, request.PreTest, request.PostTest, null, http.User.ToActor(), ct,
            new CertificateRevocation(request.RevokeCertificate == true, request.Reason));
        return result.Succeeded ? TypedResults.Ok(Answer(result.Value!)) : ApiProblems.From(result);
    }

    private static ScoresAnswer Answer(CorrectionView v) =>
        new(v.Registration.Id, v.Registration.PreTest, v.Registration.PostTest, v.Registration.Completed, v.Registration.HighPerforming,
            v.Registration.Certificates, v.Revoked, v.Reissued);
}
