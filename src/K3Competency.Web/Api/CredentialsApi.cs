using System.Text;
using System.Text.Json;
using K3Competency.Application;
using K3Competency.Application.Credentials;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K3Competency.Web.Api;

/// <summary>Verifiable credentials (DESIGN §11-12): the public key set, a certificate's VC-JWT, and the public check of one.</summary>
public static class CredentialsApi
{
    public sealed record JwkSet(IReadOnlyList<PublicJwk> Keys);

    /// <summary>/.well-known/jwks.json sits at the root, where JOSE tools look for it.</summary>
    public static IEndpointRouteBuilder MapCredentialKeys(this IEndpointRouteBuilder app)
    {
        app.MapGet(CredentialService.JwksPath, JwksAsync)
            .AllowAnonymous()
            .WithTags("Credentials")
            .WithSummary("The public keys that verify the certificates' VC-JWTs (RFC 7517 JWK set).");
        return app;
    }

    public static void MapCredentialsApi(this RouteGroupBuilder api)
    {
        // Signed in here; who may have which credential is the service's decision (Staff/Admin, later the holder).
        api.MapGet("/certificates/{code}/credential", CredentialAsync)
            .RequireAuthorization()
            .WithTags("Credentials")
            .Produces<string>(StatusCodes.Status200OK, CredentialService.MediaType)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The certificate as an Open Badges 3.0 OpenBadgeCredential signed as a VC-JWT (ES256), application/vc+jwt.");

        api.MapPost("/credentials/verify", VerifyAsync)
            .AllowAnonymous()
            .RequireRateLimiting(VerificationRateLimit.Name)
            .WithTags("Credentials")
            .Accepts<string>(CredentialService.MediaType, "text/plain", "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Checks a VC-JWT sent as the body: {valid, revoked, number, holder (masked), status, message}.");
    }

    private static async Task<Ok<JwkSet>> JwksAsync(CredentialKeys keys, HttpContext http, CancellationToken ct)
    {
        var issuer = await keys.GetAsync(ct);
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Ok(new JwkSet([issuer.PublicJwk]));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> CredentialAsync(
        string code, CredentialService credentials, HttpContext http, CancellationToken ct)
    {
        var result = await credentials.IssueAsync(code, http.User.ToActor(), PublicLinks.Root(http.Request), ct);
        if (!result.Succeeded)
        {
            return ApiProblems.From(result);
        }
        // The holder's full name is inside.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Text(result.Value!, CredentialService.MediaType, Encoding.ASCII);
    }

    private static async Task<Results<Ok<CredentialVerification>, ProblemHttpResult>> VerifyAsync(
        HttpRequest request, CredentialService credentials, CancellationToken ct)
    {
        var body = await ReadCredentialAsync(request, ct);
        if (body is null)
        {
            return ApiProblems.For(Failure.Unreadable,
                $"Kirim kredensial (VC-JWT) sebagai isi permintaan, paling banyak {CredentialService.MaxLength / 1024} kB.", "Kredensial tidak terbaca");
        }
        return TypedResults.Ok(await credentials.VerifyAsync(body, ct));
    }

    /// <summary>The VC-JWT of the body: the raw token, or a JSON string holding it. Null when empty or too long.</summary>
    private static async Task<string?> ReadCredentialAsync(HttpRequest request, CancellationToken ct)
    {
        var buffer = new char[CredentialService.MaxLength + 1];
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var length = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
        if (length > CredentialService.MaxLength)
        {
            return null;
        }
        var text = new string(buffer, 0, length).Trim();
        if (text.StartsWith('"'))
        {
            try
            {
                text = JsonSerializer.Deserialize<string>(text)?.Trim() ?? "";
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return text.Length == 0 ? null : text;
    }
}
