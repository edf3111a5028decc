using K3Competency.Application;
using K3Competency.Application.CheckIn;
using K3Competency.Application.Imports;
using K3Competency.Application.MeetingReports;
using K3Competency.Domain;
using K3Competency.Web.Api.OpenApi;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace K3Competency.Web.Api;

/// <summary>Attendance from its sources (DESIGN §10.2, §10.3, §12): online-meeting reports, aliases, and the venue check-in.</summary>
public static class AttendanceApi
{
    /// <summary>The meeting-report answer of DESIGN §12, with the import's rejected rows and errors beside it.</summary>
    public sealed record MeetingReportAnswer(
        string Format, int Rows, int Persons, MatchCounts Matched, IReadOnlyList<UnmatchedPerson> Unmatched, StatusCounts Statuses,
        int Inserted, int Updated, int Unchanged, int Kept, bool Committed, long UploadId, int Rejected, IReadOnlyList<ImportError> Errors)
    {
        public static MeetingReportAnswer From(ImportReport report)
        {
            var m = (MeetingReportSummary)report.Details!;
            return new MeetingReportAnswer(m.Format, report.Rows, m.Persons, m.Matched, m.Unmatched, m.Statuses, report.Inserted, report.Updated,
                report.Unchanged, m.Kept, report.Committed, report.UploadId, report.Rejected, report.Errors);
        }
    }

    public sealed record AliasRequest(long RegistrationId, string? DisplayName, string? Email);

    public sealed record AliasCreated(long Id);

    public sealed record CheckInDisplayAnswer(string Token, string Url, DateTime ExpiresAt, int CheckedIn, int Registered);

    public sealed record CheckInRequest(string? Token, string? Nik);

    public sealed record CheckInAnswer(string Status, string Name, DateTime? CheckedInAt, bool First);

    public static void MapAttendanceApi(this RouteGroupBuilder api)
    {
        var upload = api.MapGroup("").RequireAuthorization(Policies.Upload).WithTags("Attendance");
        upload.MapPost("/batches/{id:int}/sessions/{number:int}/meeting-report", MeetingReportAsync)
            .WithName("importMeetingReport")
            .AcceptsMeetingReport()
            .WithSummary("Import an online-meeting participant report (Zoom, Teams, Google Meet) for one session; dryRun, partial.");
        upload.MapPost("/batches/{id:int}/aliases", LinkAsync)
            .WithName("linkAlias")
            .Refuses(Failure.Validation, Failure.Conflict)
            .WithSummary("Link a report's display name and/or e-mail to a registration, so later reports match it: {registrationId, displayName?, email?}.");
        upload.MapGet("/batches/{id:int}/sessions/{number:int}/check-in", DisplayAsync)
            .WithName("getCheckInDisplay")
            .WithSummary("The session's current check-in token and QR address, and how many have checked in of those registered.");

        api.MapPost("/check-in", CheckInAsync)
            .AllowAnonymous()
            .RequireRateLimiting(CheckInRateLimit.Name)
            .WithTags("Attendance")
            .WithName("checkIn")
            .Refuses(Failure.Validation, Failure.NotFound, Failure.Conflict, Failure.Expired)
            .WithSummary("Check in at the venue with the token of the QR code and a NIK: {token, nik} → {status, name (masked), checkedInAt, first}.");
    }

    private static Task<Results<Ok<MeetingReportAnswer>, UnprocessableEntity<MeetingReportAnswer>, ProblemHttpResult>> MeetingReportAsync(
        int id, int number, HttpContext http, ImportService imports, IOptions<ImportOptions> options, CancellationToken ct) =>
        ImportsApi.ReceiveAsync<Results<Ok<MeetingReportAnswer>, UnprocessableEntity<MeetingReportAnswer>, ProblemHttpResult>>(http, options.Value, async file =>
        {
            var result = await imports.ImportAsync(new ImportRequest(UploadKind.MeetingReport, id, file.FileName, http.User.ToActor())
            {
                SessionNumber = number,
                DryRun = file.DryRun,
                Partial = file.Partial,
                DeclaredLength = file.DeclaredLength,
            }, file.Body, ct);
            if (!result.Succeeded)
            {
                return ApiProblems.From(result, result.Failure == Failure.Unreadable ? "Laporan rapat tidak dapat dibaca" : null);
            }
            var report = result.Value!;
            var answer = MeetingReportAnswer.From(report);
            return report.RefusedAsWhole ? TypedResults.UnprocessableEntity(answer) : TypedResults.Ok(answer);
        }, p => p, ct);

    private static async Task<Results<Created<AliasCreated>, ProblemHttpResult>> LinkAsync(
        int id, AliasRequest body, MeetingReportService reports, HttpContext http, CancellationToken ct)
    {
        var result = await reports.LinkAsync(id, new AliasInput(body.RegistrationId, body.DisplayName, body.Email), http.User.ToActor(), ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/batches/{id}/aliases/{result.Value}", new AliasCreated(result.Value))
            : ApiProblems.From(result);
    }

    private static async Task<Results<Ok<CheckInDisplayAnswer>, ProblemHttpResult>> DisplayAsync(
        int id, int number, CheckInService checkIn, HttpContext http, CancellationToken ct)
    {
        var result = await checkIn.DisplayAsync(id, number, http.User.ToActor(), ct);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result);
        }
        var d = result.Value!;
        return TypedResults.Ok(new CheckInDisplayAnswer(d.Token, PublicLinks.CheckIn(http.Request, d.Token), d.ExpiresAt, d.CheckedIn, d.Registered));
    }

    private static async Task<Results<Ok<CheckInAnswer>, ProblemHttpResult>> CheckInAsync(
        CheckInRequest body, CheckInService checkIn, HttpContext http, CancellationToken ct)
    {
        var result = await checkIn.CheckInAsync(body.Token, body.Nik, CheckInDevices.Of(http), ct: ct);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result, "Presensi tidak dicatat");
        }
        var r = result.Value!;
        return TypedResults.Ok(new CheckInAnswer(r.Status, r.Name, r.CheckedInAt, r.First));
    }
}
