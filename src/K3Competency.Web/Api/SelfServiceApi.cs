using K3Competency.Application;
using K3Competency.Application.Registrations;
using K3Competency.Domain;
using K3Competency.Domain.Rules;
using K3Competency.Web.Api.OpenApi;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using K3Competency.Web.Pages.Certificates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K3Competency.Web.Api;

/// <summary>Self-registration and its verification queue (DESIGN §12, §10.4).</summary>
public static class SelfServiceApi
{
    public sealed record PublicRegistration(
        string? Nik, string? FullName, string? Email, string? Phone, string? Gender, string? ProvinceCode, string? Employer,
        string? Category, string? ExpertiseField, string? LicenseNumber, string? AttendanceMode, string? InstitutionCode)
    {
        public RegistrationInput ToInput() => new(Nik ?? "", FullName ?? "", Email, Phone, Gender, ProvinceCode, Employer, Category ?? "",
            ExpertiseField, LicenseNumber, AttendanceMode, InstitutionCode);
    }

    public sealed record QueueRow(long Id, string Nik, string FullName, string Category, string Status, string Source, DateTime CreatedAt);

    public sealed record DecisionRow(long Id, string Status);

    public sealed record RejectRequest(string? Reason);

    public static void MapSelfServiceApi(this RouteGroupBuilder api)
    {
        var manage = api.MapGroup("").RequireAuthorization(Policies.Manage).WithTags("Self-registration");
        manage.MapGet("/batches/{id:int}/registrations", ListAsync).WithName("listRegistrationsByStatus").Refuses(Failure.Validation)
            .WithSummary("The batch's registrations, by ?status=MENUNGGU|DITERIMA|DITOLAK (all when absent): [{id, nik (masked), fullName, category, status, source, createdAt}].");
        manage.MapPost("/registrations/{id:long}/approve", ApproveAsync).WithName("approveRegistration").Refuses(Failure.Conflict)
            .WithSummary("Approves a pending registration (MENUNGGU → DITERIMA) while the batch has capacity; the person is e-mailed.");
        manage.MapPost("/registrations/{id:long}/reject", RejectAsync).WithName("rejectRegistration").Refuses(Failure.Validation, Failure.Conflict)
            .WithSummary("Rejects a pending registration with {reason}; the person is e-mailed the reason.");

        api.MapPost("/public/batches/{id:int}/registrations", ApplyAsync)
            .AllowAnonymous()
            .RequireRateLimiting(PublicFormRateLimit.Name)
            .WithTags("Self-registration")
            .WithName("applyForBatch")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .Refuses(Failure.Validation, Failure.NotFound, Failure.Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Self-registration while the batch is open: 202 with the same body whether or not the NIK is known; the e-mail says what happened.");
    }

    private static async Task<Results<Accepted<SelfRegistrationAnswer>, ProblemHttpResult>> ApplyAsync(
        int id, PublicRegistration? body, SelfRegistrationService selfRegistration, CancellationToken ct)
    {
        var result = await selfRegistration.ApplyAsync(id, (body ?? new(null, null, null, null, null, null, null, null, null, null, null, null)).ToInput(),
            honeypot: false, ct);
        return result.Succeeded ? TypedResults.Accepted((string?)null, result.Value!) : ApiProblems.From(result);
    }

    private static async Task<Results<Ok<List<QueueRow>>, ProblemHttpResult>> ListAsync(
        int id, string? status, VerificationService verification, HttpContext http, CancellationToken ct)
    {
        RegistrationStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Codes.TryParse<RegistrationStatus>(status, out var parsed))
            {
                return ApiProblems.From(ServiceResult<VerificationQueue>.Fail(Failure.Validation, "status", "Status harus MENUNGGU, DITERIMA atau DITOLAK."));
            }
            wanted = parsed;
        }
        var result = await verification.ListAsync(id, new QueueFilter(wanted), http.User.ToActor(), ct);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result);
        }
        return TypedResults.Ok(result.Value!.Items.Select(i => new QueueRow(i.Id, Nik.Mask(i.Nik), i.FullName, i.Category.ToCode(), i.Status.ToCode(),
            i.Source.ToCode(), i.CreatedAt)).ToList());
    }

    private static async Task<Results<Ok<DecisionRow>, ProblemHttpResult>> ApproveAsync(
        long id, VerificationService verification, HttpContext http, CancellationToken ct) =>
        Answer(await verification.ApproveAsync(id, http.User.ToActor(), PublicLinks.Root(http.Request), ct));

    private static async Task<Results<Ok<DecisionRow>, ProblemHttpResult>> RejectAsync(
        long id, RejectRequest? body, VerificationService verification, HttpContext http, CancellationToken ct) =>
        Answer(await verification.RejectAsync(id, body?.Reason, http.User.ToActor(), PublicLinks.Root(http.Request), ct));

    private static Results<Ok<DecisionRow>, ProblemHttpResult> Answer(ServiceResult<Decision> result) =>
        result.Succeeded ? TypedResults.Ok(new DecisionRow(result.Value!.RegistrationId, result.Value.Status.ToCode())) : ApiProblems.From(result);
}
