using K3Competency.Application;
using K3Competency.Application.Identity;
using K3Competency.Web.Api.OpenApi;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace K3Competency.Web.Api;

public static class AuthApi
{
    public sealed record LoginRequest(string Email, string Password, string? TwoFactorCode = null);

    public static void MapAuthApi(this RouteGroupBuilder api) =>
        api.MapPost("/auth/login", LoginAsync)
            .AllowAnonymous()
            .RequireRateLimiting(AuthSetup.LoginRateLimit)
            .WithTags("Auth")
            .WithName("login")
            .WithSummary("Exchange e-mail and password for a bearer token: {accessToken, expiresIn}.")
            .WithDescription("Add `twoFactorCode` when the account uses an authenticator app. Five wrong passwords lock the account for 15 minutes.")
            .Produces<AccessTokenResponse>()
            .Refuses(Failure.Unreadable, Failure.Unauthenticated, Failure.TooManyRequests);

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> LoginAsync(
        LoginRequest request, LoginService login, SignInManager<AppUser> signIn, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            return ApiProblems.For(Failure.Unreadable, "Kirim email dan password.");
        }
        var (outcome, user) = await login.CheckAsync(request.Email, request.Password, request.TwoFactorCode, ct);
        return outcome switch
        {
            LoginOutcome.Success => TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user!), authenticationScheme: IdentityConstants.BearerScheme),
            LoginOutcome.TooManyAttempts => ApiProblems.For(Failure.TooManyRequests, LoginService.TooManyMessage),
            LoginOutcome.RequiresTwoFactor => ApiProblems.For(Failure.Unauthenticated, "Akun ini memakai verifikasi dua langkah: kirim juga twoFactorCode dari aplikasi autentikator."),
            _ => ApiProblems.For(Failure.Unauthenticated, LoginService.FailedMessage),
        };
    }
}
