using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace K3Competency.IntegrationTests.Access;

public sealed class AdminAccountTests(AppFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task Admin_from_environment_is_created_once_and_never_changed()
    {
        const string email = "admin-env@uji.k3.local";
        var settings = new Dictionary<string, string?> { ["K3_ADMIN_EMAIL"] = email, ["K3_ADMIN_PASSWORD"] = "Admin-Rahasia-Uji-Awal" };
        await using (var first = new K3AppFactory(Database, settings))
        {
            first.CreateClient().Dispose();
        }
        // A second start with another password leaves the account as it was.
        settings["K3_ADMIN_PASSWORD"] = "Admin-Rahasia-Uji-Lain";
        await using var second = new K3AppFactory(Database, settings);
        second.CreateClient().Dispose();

        await using var db = Database.CreateDbContext();
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == email));
        using var scope = second.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var admin = (await users.FindByEmailAsync(email))!;
        Assert.True(await users.IsInRoleAsync(admin, Roles.Admin));
        Assert.True(await users.CheckPasswordAsync(admin, "Admin-Rahasia-Uji-Awal"));
        Assert.False(await users.CheckPasswordAsync(admin, "Admin-Rahasia-Uji-Lain"));
    }
}
