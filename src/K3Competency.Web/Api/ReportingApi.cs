using K3Competency.Application;
using K3Competency.Application.Reporting;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K3Competency.Web.Api;

/// <summary>The numbers of DESIGN §4 over HTTP: the same <see cref="ReportingService"/> the dashboard reads.</summary>
public static class ReportingApi
{
    public static void MapReportingApi(this RouteGroupBuilder api) =>
        api.MapGet("/programs/{id:int}/summary", GetSummaryAsync).RequireAuthorization(Policies.Read).WithTags("Reporting")
            .WithName("getProgramSummary")
            .WithSummary("The programme's figures per batch and in total (DESIGN §7.1); cumulative counts are distinct persons.");

    private static async Task<Results<Ok<ProgramSummary>, ProblemHttpResult>> GetSummaryAsync(int id, ReportingService reporting, CancellationToken ct) =>
        await reporting.GetSummaryAsync(id, ct) is { } summary
            ? TypedResults.Ok(summary)
            : ApiProblems.For(Failure.NotFound, $"Tidak ada kegiatan dengan id {id}.", "Kegiatan tidak ditemukan");
}
