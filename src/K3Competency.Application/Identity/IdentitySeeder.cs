using K3Competency.Application.Data;
using K3Competency.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace K3Competency.Application.Identity;

/// <summary>
/// Makes sure the roles exist, the account named by K3_ADMIN_EMAIL/K3_ADMIN_PASSWORD exists (created when
/// missing, never changed when present), and, with K3_DEMO=true, one demo account per role.
/// </summary>
public sealed class IdentitySeeder(
    UserManager<AppUser> users, RoleManager<IdentityRole> roles, K3DbContext db, IConfiguration configuration,
    TimeProvider time, ILogger<IdentitySeeder> logger)
{
    public const string DemoPassword = "Demo-K3-2023!";

    public static readonly IReadOnlyList<(string Email, string Name, string Role)> DemoAccounts =
    [
        ("admin@demo.k3.local", "Admin Demo", Roles.Admin),
        ("staf@demo.k3.local", "Siti Rahmawati (Staf Direktorat)", Roles.Staff),
        ("lembaga@demo.k3.local", "Agus Prasetyo (Admin Lembaga)", Roles.InstitutionAdmin),
        ("direktur@demo.k3.local", "Direktur Bina Kelembagaan K3", Roles.Director),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var email = configuration["K3_ADMIN_EMAIL"];
        var password = configuration["K3_ADMIN_PASSWORD"];
        if (!string.IsNullOrWhiteSpace(email) && !string.IsNullOrWhiteSpace(password))
        {
            await EnsureAsync(email, "Administrator", Roles.Admin, password, null);
        }

        if (string.Equals(configuration["K3_DEMO"], "true", StringComparison.OrdinalIgnoreCase))
        {
            // The demo institution admin works for the first partner institution of the newest batch.
            var institutionId = await db.BatchInstitutions.AsNoTracking()
                .OrderByDescending(bi => bi.BatchId).ThenBy(bi => bi.InstitutionId)
                .Select(bi => (int?)bi.InstitutionId).FirstOrDefaultAsync(ct);
            foreach (var (demoEmail, name, role) in DemoAccounts)
            {
                if (role == Roles.InstitutionAdmin && institutionId is null)
                {
                    continue;
                }
                await EnsureAsync(demoEmail, name, role, DemoPassword, role == Roles.InstitutionAdmin ? institutionId : null);
            }
        }
    }

    private async Task EnsureAsync(string email, string name, string role, string password, int? institutionId)
    {
        if (await users.FindByEmailAsync(email) is not null)
        {
            return;
        }
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            FullName = name,
            InstitutionId = institutionId,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            LockoutEnabled = true,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            // Another instance starting at the same moment may have created it.
            if (await users.FindByEmailAsync(email) is not null)
            {
                return;
            }
            throw new InvalidOperationException($"Could not create the {role} account: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
        await users.AddToRoleAsync(user, role);
        logger.LogInformation("Created {Role} account {UserId}", role, user.Id);
    }
}
