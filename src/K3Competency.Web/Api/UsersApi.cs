using K3Competency.Application.Identity;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace K3Competency.Web.Api;

public static class UsersApi
{
    public sealed record CreateUserRequest(string Email, string Password, string FullName, string Role, string? InstitutionCode);

    public sealed record Created(string Id);

    public static void MapUsersApi(this RouteGroupBuilder api) =>
        api.MapPost("/users", CreateAsync).RequireAuthorization(Policies.Admin).WithTags("Users");

    private static async Task<Results<Created<Created>, ProblemHttpResult>> CreateAsync(
        CreateUserRequest request, UserService users, HttpContext http, CancellationToken ct)
    {
        var result = await users.CreateAsync(
            new UserInput(request.Email ?? "", request.FullName ?? "", request.Role ?? "", request.InstitutionCode),
            request.Password ?? "", http.User.ToActor(), mustChangePassword: false, ct);
        if (result.Succeeded)
        {
            return TypedResults.Created($"/api/v1/users/{result.Id}", new Created(result.Id!));
        }
        if (result.Errors.Any(e => e.Message.Contains("sudah dipakai", StringComparison.Ordinal)))
        {
            return ApiProblems.Status(StatusCodes.Status409Conflict, "Email sudah dipakai", result.Errors[0].Message);
        }
        return ApiProblems.Validation(
            result.Errors.GroupBy(e => Camel(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            "Data akun tidak valid");
    }

    private static string Camel(string field) => field.Length == 0 ? "" : char.ToLowerInvariant(field[0]) + field[1..];
}
