using System.IO.Compression;
using K3Competency.Application;
using K3Competency.Application.Certificates;
using K3Competency.Web.Api.OpenApi;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using K3Competency.Web.Pages.Certificates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K3Competency.Web.Api;

/// <summary>Certificate endpoints of DESIGN §7: issue, list and revoke for Staff/Admin; verify for anyone.</summary>
public static class CertificatesApi
{
    public sealed record RevokeRequest(string? Reason = null);

    public sealed record CertificateRow(
        string Number, string Code, string ParticipantName, DateTime IssuedAt, DateTime? RevokedAt, bool HighPerforming);

    public sealed record Verification(
        bool Valid, string Number, string Holder, string Programme, int Batch, DateTime IssuedAt,
        DateTime? RevokedAt, string? RevocationReason);

    public static void MapCertificatesApi(this RouteGroupBuilder api)
    {
        var manage = api.MapGroup("").RequireAuthorization(Policies.Manage).WithTags("Certificates");
        manage.MapPost("/batches/{id:int}/certificates", IssueAsync)
            .WithName("issueCertificates")
            .WithSummary("Issue a certificate to every completed registration of the batch that has none: {issued, alreadyIssued}.");
        manage.MapGet("/batches/{id:int}/certificates", ListAsync)
            .WithName("listCertificates")
            .WithSummary("The batch's certificates in number order, revoked ones included.");
        manage.MapPost("/certificates/{code}/revoke", RevokeAsync)
            .WithName("revokeCertificate")
            .WithSummary("Revoke a certificate with a reason: {reason}.")
            .Refuses(Failure.Validation, Failure.Conflict);

        api.MapGet("/batches/{id:int}/certificates/zip", ZipAsync)
            .RequireAuthorization(Policies.Upload)
            .WithTags("Certificates")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "application/zip")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("The batch's valid certificate PDFs in one ZIP, streamed; ?institution=CODE for one institution's. "
                         + "An institution admin gets only its own institution's registrations.");

        api.MapGet("/certificates/{code}", VerifyAsync)
            .AllowAnonymous()
            .RequireRateLimiting(VerificationRateLimit.Name)
            .WithTags("Certificates")
            .WithName("verifyCertificate")
            .WithSummary("Public check of a verification code; the holder's name is masked.");
    }

    private static async Task<Results<Ok<IssueResult>, ProblemHttpResult>> IssueAsync(
        int id, CertificateService certificates, HttpContext http, CancellationToken ct)
    {
        var issued = await certificates.IssueForBatchAsync(id, http.User.ToActor(), ct);
        return issued.Succeeded ? TypedResults.Ok(issued.Value!) : ApiProblems.From(issued);
    }

    private static async Task<Results<Ok<CertificateRow[]>, ProblemHttpResult>> ListAsync(
        int id, CertificateService certificates, HttpContext http, CancellationToken ct)
    {
        var items = await certificates.ListForBatchAsync(id, http.User.ToActor(), ct);
        return items.Succeeded
            ? TypedResults.Ok(items.Value!
                .Select(c => new CertificateRow(c.Number, c.Code, c.ParticipantName, c.IssuedAt, c.RevokedAt, c.HighPerforming))
                .ToArray())
            : ApiProblems.From(items);
    }

    /// <summary>
    /// Writes the ZIP straight into the response, one PDF entry at a time, so memory stays flat however large
    /// the batch; the access check runs first, so a refusal is still a problem document, never half a ZIP.
    /// </summary>
    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ZipAsync(
        int id, string? institution, CertificateService certificates, HttpContext http, CancellationToken ct)
    {
        var prepared = await certificates.PrepareArchiveAsync(id, institution, http.User.ToActor(), ct);
        if (!prepared.Succeeded)
        {
            return ApiProblems.From(prepared);
        }
        var archive = prepared.Value!;
        // Full names of many people: never kept by a browser or proxy cache.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(async body =>
        {
            await using var spool = new SpoolingWriteStream();
            var zip = await ZipArchive.CreateAsync(spool, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
            await using (zip)
            {
                await foreach (var document in certificates.ArchiveDocumentsAsync(archive, ct))
                {
                    var pdf = CertificatePdf.Render(document, CertificateLinks.VerificationUrl(http.Request, document.VerificationCode));
                    var entry = zip.CreateEntry(document.FileName, CompressionLevel.Fastest);
                    entry.LastWriteTime = document.IssuedAt;
                    await using (var stream = await entry.OpenAsync(ct))
                    {
                        await stream.WriteAsync(pdf, ct);
                    }
                    await spool.DrainToAsync(body, ct);
                }
            }
            // Disposing the archive wrote the central directory.
            await spool.DrainToAsync(body, ct);
        }, "application/zip", archive.FileName);
    }

    private static async Task<Results<Ok<RevokeResult>, ProblemHttpResult>> RevokeAsync(
        string code, RevokeRequest? request, CertificateService certificates, HttpContext http, CancellationToken ct)
    {
        var revoked = await certificates.RevokeAsync(code, request?.Reason ?? "", http.User.ToActor(), ct);
        return revoked.Succeeded
            ? TypedResults.Ok(revoked.Value!)
            : ApiProblems.From(revoked);
    }

    private static async Task<Results<Ok<Verification>, ProblemHttpResult>> VerifyAsync(
        string code, CertificateService certificates, CancellationToken ct)
    {
        var v = await certificates.VerifyAsync(code, ct);
        return v is null
            ? ApiProblems.For(Failure.NotFound,
                "Tidak ada sertifikat dengan kode verifikasi itu. Periksa kembali kode yang tercetak pada sertifikat.", "Kode tidak ditemukan")
            : TypedResults.Ok(new Verification(v.Valid, v.Number, v.Holder, v.Programme, v.Batch, v.IssuedAt, v.RevokedAt, v.RevocationReason));
    }
}
