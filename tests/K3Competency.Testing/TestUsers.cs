using System.Net;
using System.Net.Http.Json;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Domain.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace K3Competency.Testing;

public sealed record TestUser(string Id, string Email, string Password, string Role, int? InstitutionId);

/// <summary>Accounts made per test through the app's own UserManager, and ways to sign them in.</summary>
public static class TestUsers
{
    /// <summary>Every test password carries this marker, so a log scan can look for it.</summary>
    public const string PasswordMarker = "Rahasia-Uji";

    public static async Task<TestUser> CreateAsync(K3AppFactory factory, string role, int? institutionId = null, string? email = null)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var r in Roles.All)
        {
            if (!await roles.RoleExistsAsync(r))
            {
                await roles.CreateAsync(new IdentityRole(r));
            }
        }
        if (role == Roles.InstitutionAdmin && institutionId is null)
        {
            institutionId = await CreateInstitutionAsync(factory, "LPK-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant());
        }
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@uji.k3.local";
        var password = $"{PasswordMarker}-{Guid.NewGuid():N}"[..30];
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, FullName = $"Uji {role}", InstitutionId = institutionId, LockoutEnabled = true, CreatedAt = DateTime.UtcNow };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(user, role);
        return new TestUser(user.Id, email, password, role, institutionId);
    }

    public static async Task<int> CreateInstitutionAsync(K3AppFactory factory, string code, string province = "35")
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<K3DbContext>();
        var institution = new Institution { Code = code, Name = "Lembaga " + code, Type = InstitutionType.LembagaPelatihan, ProvinceCode = province, CreatedAt = DateTime.UtcNow };
        db.Institutions.Add(institution);
        await db.SaveChangesAsync();
        return institution.Id;
    }

    /// <summary>Signs in through the login page, as a browser would; the client keeps the cookie.</summary>
    public static async Task<HttpResponseMessage> LoginAsync(FormClient client, string email, string password) =>
        await client.PostFormAsync("/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    public static async Task<FormClient> SignedInClientAsync(K3AppFactory factory, TestUser user)
    {
        var client = factory.CreateFormClient();
        using var response = await LoginAsync(client, user.Email, user.Password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Login of {user.Role} failed: {(int)response.StatusCode}");
        }
        return client;
    }

    public static async Task<string> TokenAsync(HttpClient client, TestUser user)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenBody>();
        return body!.AccessToken;
    }

    /// <summary>An API client of a new user of <paramref name="role"/>, authenticated with a bearer token.</summary>
    public static async Task<HttpClient> BearerClientAsync(K3AppFactory factory, string role, int? institutionId = null)
    {
        var user = await CreateAsync(factory, role, institutionId);
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await TokenAsync(http, user));
        return http;
    }

    /// <summary>Turns on sign-in with an authenticator app for <paramref name="user"/>; returns the key the app would hold.</summary>
    public static async Task<string> EnableTwoFactorAsync(K3AppFactory factory, TestUser user)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var account = await users.FindByIdAsync(user.Id) ?? throw new InvalidOperationException("No such user.");
        await users.ResetAuthenticatorKeyAsync(account);
        await users.SetTwoFactorEnabledAsync(account, true);
        return (await users.GetAuthenticatorKeyAsync(account))!;
    }

    /// <summary>The code an authenticator app shows now for <paramref name="key"/> (or <paramref name="steps"/> steps of 30 s away).</summary>
    public static string TotpCode(string key, int steps = 0) =>
        new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * steps));

    private sealed record TokenBody(string AccessToken, long ExpiresIn);
}
