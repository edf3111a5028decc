using K3Competency.Application;
using K3Competency.Application.Batches;
using K3Competency.Application.Institutions;
using K3Competency.Application.Programmes;
using K3Competency.Web.Api.OpenApi;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K3Competency.Web.Api;

/// <summary>Institutions, programmes and batches (DESIGN §7).</summary>
public static class ProgrammesApi
{
    public sealed record IdCode(int Id, string Code);

    public sealed record InstitutionRequest(string Code, string Name, string Type, string ProvinceCode);

    public sealed record ProgrammeRequest(string Code, string Name, int Year, decimal? MinAttendancePercent, decimal? PassingScore,
        decimal? HighPerformanceScore, int? TargetUpgraded, int? TargetHighPerforming, string? Organizer,
        string? SignatoryName = null, string? SignatoryPosition = null, string? SignatoryNip = null,
        int? LateAfterMinutes = null, decimal? OnlineMinPresentPercent = null);

    public sealed record BatchRequest(int Number, DateOnly StartDate, DateOnly EndDate, string Mode, string? Venue, int? Capacity,
        string? Status, IReadOnlyList<string>? InstitutionCodes, IReadOnlyList<SessionInput>? Sessions);

    public static void MapProgrammesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/institutions", async (InstitutionService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(ct)))
            .RequireAuthorization(Policies.Read).WithTags("Institutions")
            .WithName("listInstitutions")
            .WithSummary("Every institution, by code.");
        api.MapPost("/institutions", CreateInstitutionAsync).RequireAuthorization(Policies.Manage).WithTags("Institutions")
            .WithName("createInstitution")
            .WithSummary("Create an institution: {code, name, type, provinceCode}.")
            .WithDescription("type is LEMBAGA_PELATIHAN, PJK3, ASOSIASI or DIREKTORAT; provinceCode one of the 38 Kemendagri codes (DESIGN §5.2).")
            .Refuses(Failure.Validation, Failure.Conflict);

        api.MapGet("/programs", async (ProgrammeService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(ct)))
            .RequireAuthorization(Policies.Read).WithTags("Programmes")
            .WithName("listPrograms")
            .WithSummary("Every programme, newest year first.");
        api.MapGet("/programs/{id:int}", GetProgrammeAsync).RequireAuthorization(Policies.Read).WithTags("Programmes")
            .WithName("getProgram")
            .WithSummary("A programme with its batches (an institution admin sees only its partner batches).");
        api.MapPost("/programs", CreateProgrammeAsync).RequireAuthorization(Policies.Manage).WithTags("Programmes")
            .WithName("createProgram")
            .WithSummary("Create a programme; thresholds default to 80 % attendance, pass 70, high performance 85.")
            .Refuses(Failure.Validation, Failure.Conflict);
        api.MapPost("/programs/{id:int}/batches", CreateBatchAsync).RequireAuthorization(Policies.Manage).WithTags("Batches")
            .WithName("createBatch")
            .WithSummary("Create a batch of the programme with its sessions and partner institutions.")
            .WithDescription("mode is LURING, DARING or HYBRID; status PLANNED (default), REGISTRATION_OPEN, RUNNING or FINISHED.")
            .Refuses(Failure.Validation, Failure.Conflict);
        api.MapGet("/batches/{id:int}", GetBatchAsync).RequireAuthorization(Policies.BatchRead).WithTags("Batches")
            .WithName("getBatch")
            .WithSummary("A batch with its sessions, partner institutions and number of registrations.");
    }

    private static async Task<Results<Created<IdCode>, ProblemHttpResult>> CreateInstitutionAsync(
        InstitutionRequest body, InstitutionService service, HttpContext http, CancellationToken ct)
    {
        var result = await service.CreateAsync(new InstitutionInput(body.Code ?? "", body.Name ?? "", body.Type ?? "", body.ProvinceCode ?? ""), http.User.ToActor(), ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/institutions/{result.Value!.Id}", new IdCode(result.Value.Id, result.Value.Code))
            : ApiProblems.From(result);
    }

    private static async Task<Results<Ok<ProgrammeDetail>, ProblemHttpResult>> GetProgrammeAsync(
        int id, ProgrammeService programmes, BatchService batches, HttpContext http, CancellationToken ct)
    {
        var programme = await programmes.GetAsync(id, ct);
        return programme is null
            ? ApiProblems.For(Failure.NotFound, $"Tidak ada kegiatan dengan id {id}.", "Kegiatan tidak ditemukan")
            : TypedResults.Ok(new ProgrammeDetail(programme, await batches.ListAsync(id, http.User.ToActor(), ct)));
    }

    public sealed record ProgrammeDetail(ProgrammeItem Programme, IReadOnlyList<BatchItem> Batches);

    private static async Task<Results<Created<IdOnly>, ProblemHttpResult>> CreateProgrammeAsync(
        ProgrammeRequest body, ProgrammeService service, HttpContext http, CancellationToken ct)
    {
        var result = await service.CreateAsync(new ProgrammeInput(body.Code ?? "", body.Name ?? "", body.Year, body.MinAttendancePercent,
            body.PassingScore, body.HighPerformanceScore, body.TargetUpgraded, body.TargetHighPerforming, body.Organizer,
            body.SignatoryName, body.SignatoryPosition, body.SignatoryNip, body.LateAfterMinutes, body.OnlineMinPresentPercent), http.User.ToActor(), ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/programs/{result.Value!.Id}", new IdOnly(result.Value.Id))
            : ApiProblems.From(result);
    }

    public sealed record IdOnly(int Id);

    private static async Task<Results<Created<IdOnly>, ProblemHttpResult>> CreateBatchAsync(
        int id, BatchRequest body, BatchService service, HttpContext http, CancellationToken ct)
    {
        var result = await service.CreateAsync(id, new BatchInput(body.Number, body.StartDate, body.EndDate, body.Mode ?? "", body.Venue,
            body.Capacity, body.Status ?? "PLANNED", body.InstitutionCodes ?? [], body.Sessions ?? []), http.User.ToActor(), ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/batches/{result.Value!.Id}", new IdOnly(result.Value.Id))
            : ApiProblems.From(result);
    }

    private static async Task<Results<Ok<BatchItem>, ProblemHttpResult>> GetBatchAsync(int id, BatchService service, HttpContext http, CancellationToken ct)
    {
        var batch = await service.FindAsync(id, http.User.ToActor(), ct);
        return batch.Succeeded ? TypedResults.Ok(batch.Value!) : ApiProblems.From(batch);
    }
}
