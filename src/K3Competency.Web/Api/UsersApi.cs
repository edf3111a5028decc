using K3Competency.Application;
using K3Competency.Application.Identity;
using K3Competency.Web.Api.OpenApi;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K3Competency.Web.Api;

public static class UsersApi
{
    public sealed record CreateUserRequest(string Email, string Password, string FullName, string Role, string? InstitutionCode = null);

    public sealed record Created(string Id);

    public static void MapUsersApi(this RouteGroupBuilder api) =>
        api.MapPost("/users", CreateAsync).RequireAuthorization(Policies.Admin).WithTags("Users")
            .WithName("createUser")
            .WithSummary("Create an account with its role; an InstitutionAdmin names its institution by institutionCode.")
            .Refuses(Failure.Validation, Failure.Conflict);

    private static async Task<Results<Created<Created>, ProblemHttpResult>> CreateAsync(
        CreateUserRequest request, UserService users, HttpContext http, CancellationToken ct)
    {
        var result = await users.CreateAsync(
            new UserInput(request.Email ?? "", request.FullName ?? "", request.Role ?? "", request.InstitutionCode),
            request.Password ?? "", http.User.ToActor(), mustChangePassword: false, ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/users/{result.Value}", new Created(result.Value!))
            : ApiProblems.From(result);
    }
}
