using K3Competency.Application.Auditing;
using K3Competency.Application.Data;
using K3Competency.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace K3Competency.Application.Identity;

public sealed record UserInput(string Email, string FullName, string Role, string? InstitutionCode);

public sealed record UserListItem(string Id, string Email, string FullName, string Role, string? InstitutionCode,
    string? InstitutionName, bool IsDisabled, bool TwoFactorEnabled, bool LockedOut, bool MustChangePassword);

/// <summary>Admin work on accounts (DESIGN §2: Admin only), every change audited.</summary>
public sealed class UserService(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IUserStore<AppUser> store, K3DbContext db, TimeProvider time)
{
    public Task<IReadOnlyList<UserListItem>> ListAsync(CancellationToken ct) => QueryAsync(null, ct);

    /// <summary>One account, or null; a missing id (a form that could not be read) is no account, not all of them.</summary>
    public async Task<UserListItem?> GetAsync(string? id, CancellationToken ct) =>
        string.IsNullOrEmpty(id) ? null : (await QueryAsync(id, ct)).FirstOrDefault();

    private async Task<IReadOnlyList<UserListItem>> QueryAsync(string? id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rows = await (from u in db.Users.AsNoTracking()
                          where id == null || u.Id == id
                          join ur in db.UserRoles on u.Id equals ur.UserId into urs
                          from ur in urs.DefaultIfEmpty()
                          join r in db.Roles on ur.RoleId equals r.Id into rs
                          from r in rs.DefaultIfEmpty()
                          join i in db.Institutions on u.InstitutionId equals i.Id into iss
                          from i in iss.DefaultIfEmpty()
                          orderby u.Email
                          select new { u.Id, u.Email, u.FullName, Role = r != null ? r.Name : null, Code = i != null ? i.Code : null, Name = i != null ? i.Name : null, u.IsDisabled, u.TwoFactorEnabled, u.LockoutEnd, u.MustChangePassword })
            .ToListAsync(ct);
        return [.. rows.Select(x => new UserListItem(x.Id, x.Email ?? "", x.FullName, x.Role ?? "", x.Code, x.Name, x.IsDisabled,
            x.TwoFactorEnabled, x.LockoutEnd > now, x.MustChangePassword))];
    }

    public async Task<ServiceResult<string>> CreateAsync(UserInput input, string password, Actor actor, bool mustChangePassword, CancellationToken ct)
    {
        var (institutionId, error) = await CheckAsync(input, ct);
        if (error is not null)
        {
            return error;
        }
        if (await users.FindByEmailAsync(input.Email) is not null)
        {
            return EmailTaken();
        }
        var user = new AppUser
        {
            UserName = input.Email.Trim(),
            Email = input.Email.Trim(),
            EmailConfirmed = true,
            FullName = input.FullName.Trim(),
            InstitutionId = institutionId,
            MustChangePassword = mustChangePassword,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            LockoutEnabled = true,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return IdentityFailure(created);
        }
        await users.AddToRoleAsync(user, input.Role);
        Audit.Add(db, actor, "user.create", "User", user.Id, null, Snapshot(user, input.Role), time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<string>.Ok(user.Id);
    }

    public async Task<ServiceResult<string>> UpdateAsync(string id, UserInput input, Actor actor, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return ServiceResult<string>.Fail(Failure.NotFound, "Akun tidak ditemukan.");
        }
        var (institutionId, error) = await CheckAsync(input, ct);
        if (error is not null)
        {
            return error;
        }
        var currentRoles = await users.GetRolesAsync(user);
        var before = Snapshot(user, currentRoles.FirstOrDefault() ?? "");
        if (user.Id == actor.UserId && input.Role != Roles.Admin)
        {
            return ServiceResult<string>.Fail(Failure.Validation, "role", "Anda tidak dapat mencabut peran Admin dari akun Anda sendiri.");
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        user.FullName = input.FullName.Trim();
        user.InstitutionId = institutionId;
        if (!string.Equals(user.Email, input.Email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            if (await users.FindByEmailAsync(input.Email) is not null)
            {
                return EmailTaken();
            }
            user.Email = input.Email.Trim();
            user.UserName = input.Email.Trim();
        }
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return IdentityFailure(updated);
        }
        if (!currentRoles.SequenceEqual([input.Role]))
        {
            await users.RemoveFromRolesAsync(user, currentRoles);
            await users.AddToRoleAsync(user, input.Role);
            // A changed role takes effect at once: the old cookie no longer validates.
            await users.UpdateSecurityStampAsync(user);
        }
        Audit.Add(db, actor, "user.update", "User", user.Id, before, Snapshot(user, input.Role), time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ServiceResult<string>.Ok(user.Id);
    }

    public async Task<ServiceResult<string>> SetDisabledAsync(string id, bool disabled, Actor actor, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return ServiceResult<string>.Fail(Failure.NotFound, "Akun tidak ditemukan.");
        }
        if (user.Id == actor.UserId && disabled)
        {
            return ServiceResult<string>.Fail(Failure.Conflict, "Anda tidak dapat menonaktifkan akun Anda sendiri.");
        }
        user.IsDisabled = disabled;
        await users.UpdateAsync(user);
        // Ends the sessions of a disabled account at the next validation.
        await users.UpdateSecurityStampAsync(user);
        Audit.Add(db, actor, disabled ? "user.disable" : "user.enable", "User", user.Id, new { isDisabled = !disabled }, new { isDisabled = disabled }, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return ServiceResult<string>.Ok(user.Id);
    }

    /// <summary>Sets a temporary password that must be changed at the next login; also lifts a lockout.</summary>
    public async Task<ServiceResult<string>> SetTemporaryPasswordAsync(string id, string password, Actor actor, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return ServiceResult<string>.Fail(Failure.NotFound, "Akun tidak ditemukan.");
        }
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, password);
            if (!check.Succeeded)
            {
                return IdentityFailure(check);
            }
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded)
        {
            return IdentityFailure(reset);
        }
        user.MustChangePassword = true;
        await users.UpdateAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        Audit.Add(db, actor, "user.temporary-password", "User", user.Id, null, new { mustChangePassword = true }, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return ServiceResult<string>.Ok(user.Id);
    }

    /// <summary>The signed-in user's own password change: clears the must-change flag, audited.</summary>
    public async Task<ServiceResult<AppUser>> ChangePasswordAsync(AppUser user, string currentPassword, string newPassword, Actor actor, CancellationToken ct)
    {
        var changed = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!changed.Succeeded)
        {
            return ServiceResult<AppUser>.Invalid(changed.Errors
                .GroupBy(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "currentPassword" : "newPassword")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).Distinct().ToArray()));
        }
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        Audit.Add(db, actor, "user.change-password", "User", user.Id, null, null, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return ServiceResult<AppUser>.Ok(user);
    }

    /// <summary>Turns the user's own sign-in with an authenticator app on or off (off also forgets the key), audited.</summary>
    public async Task SetTwoFactorAsync(AppUser user, bool enabled, Actor actor, CancellationToken ct)
    {
        await users.SetTwoFactorEnabledAsync(user, enabled);
        if (!enabled)
        {
            await users.ResetAuthenticatorKeyAsync(user);
        }
        Audit.Add(db, actor, enabled ? "user.2fa-enable" : "user.2fa-disable", "User", user.Id,
            new { twoFactor = !enabled }, new { twoFactor = enabled }, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The account's authenticator key, created when it has none, for the set-up page. Stored through the user
    /// store directly: Identity's ResetAuthenticatorKeyAsync also rotates the security stamp, which would end
    /// the user's sessions just for opening the page; the stamp rotates when 2FA is actually turned on or off.
    /// </summary>
    public async Task<string> AuthenticatorKeyAsync(AppUser user, CancellationToken ct)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (!string.IsNullOrEmpty(key))
        {
            return key;
        }
        key = users.GenerateNewAuthenticatorKey();
        await ((IUserAuthenticatorKeyStore<AppUser>)store).SetAuthenticatorKeyAsync(user, key, ct);
        var saved = await users.UpdateAsync(user);
        if (!saved.Succeeded)
        {
            throw new InvalidOperationException("The authenticator key could not be stored.");
        }
        return key;
    }

    /// <summary>The user proves it is them, not just an open session: their password or a current authenticator code.</summary>
    public async Task<bool> ConfirmsAsync(AppUser user, string passwordOrCode)
    {
        var text = passwordOrCode.Trim();
        return text.Length > 0
               && (await users.CheckPasswordAsync(user, text)
                   || await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, text));
    }

    public async Task<IReadOnlyDictionary<string, bool>> TwoFactorRequirementsAsync(CancellationToken ct)
    {
        var required = await (from rc in db.RoleClaims.AsNoTracking()
                              join r in db.Roles on rc.RoleId equals r.Id
                              where rc.ClaimType == IdentityClaims.RequireTwoFactor
                              select r.Name).ToListAsync(ct);
        return Roles.All.ToDictionary(r => r, required.Contains);
    }

    public async Task SetTwoFactorRequirementAsync(string role, bool required, Actor actor, CancellationToken ct)
    {
        var r = await roles.FindByNameAsync(role) ?? throw new ArgumentException($"Unknown role {role}", nameof(role));
        var claims = await roles.GetClaimsAsync(r);
        var has = claims.Any(c => c.Type == IdentityClaims.RequireTwoFactor);
        if (has == required)
        {
            return;
        }
        if (required)
        {
            await roles.AddClaimAsync(r, new System.Security.Claims.Claim(IdentityClaims.RequireTwoFactor, "true"));
        }
        else
        {
            await roles.RemoveClaimAsync(r, claims.First(c => c.Type == IdentityClaims.RequireTwoFactor));
        }
        Audit.Add(db, actor, "role.require-2fa", "Role", role, new { required = has }, new { required }, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    public async Task<bool> RoleRequiresTwoFactorAsync(AppUser user)
    {
        foreach (var roleName in await users.GetRolesAsync(user))
        {
            var role = await roles.FindByNameAsync(roleName);
            if (role is not null && (await roles.GetClaimsAsync(role)).Any(c => c.Type == IdentityClaims.RequireTwoFactor))
            {
                return true;
            }
        }
        return false;
    }

    private async Task<(int? InstitutionId, ServiceResult<string>? Error)> CheckAsync(UserInput input, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Email) || !input.Email.Contains('@', StringComparison.Ordinal))
        {
            return (null, ServiceResult<string>.Fail(Failure.Validation, "email", "Isi alamat email yang valid."));
        }
        if (input.Email.Trim().Length > FieldLengths.Email)
        {
            return (null, ServiceResult<string>.Fail(Failure.Validation, "email", $"Alamat email paling panjang {FieldLengths.Email} karakter."));
        }
        if (string.IsNullOrWhiteSpace(input.FullName))
        {
            return (null, ServiceResult<string>.Fail(Failure.Validation, "fullName", "Nama lengkap wajib diisi."));
        }
        if (input.FullName.Trim().Length > FieldLengths.PersonName)
        {
            return (null, ServiceResult<string>.Fail(Failure.Validation, "fullName", $"Nama lengkap paling panjang {FieldLengths.PersonName} karakter."));
        }
        if (input.InstitutionCode is { Length: > FieldLengths.Code })
        {
            return (null, ServiceResult<string>.Fail(Failure.Validation, "institutionCode", $"Kode lembaga paling panjang {FieldLengths.Code} karakter."));
        }
        if (!Roles.All.Contains(input.Role))
        {
            return (null, ServiceResult<string>.Fail(Failure.Validation, "role", "Pilih salah satu peran: Admin, Staff, InstitutionAdmin atau Director."));
        }
        if (input.Role != Roles.InstitutionAdmin)
        {
            return (null, null);
        }
        if (string.IsNullOrWhiteSpace(input.InstitutionCode))
        {
            return (null, ServiceResult<string>.Fail(Failure.Validation, "institutionCode", "Admin lembaga harus terhubung ke satu lembaga: pilih lembaganya."));
        }
        var id = await db.Institutions.Where(i => i.Code == input.InstitutionCode.Trim()).Select(i => (int?)i.Id).SingleOrDefaultAsync(ct);
        return id is null
            ? (null, ServiceResult<string>.Fail(Failure.Validation, "institutionCode", $"Lembaga dengan kode {input.InstitutionCode} tidak ditemukan."))
            : (id, null);
    }

    private static ServiceResult<string> EmailTaken() =>
        ServiceResult<string>.Fail(Failure.Conflict, "email", "Email ini sudah dipakai oleh akun lain.");

    /// <summary>
    /// ASP.NET Identity's refusals by their error codes (the descriptions are already Indonesian, see
    /// <see cref="IndonesianIdentityErrors"/>): a duplicate account name is a conflict, a password rule a
    /// validation error of the password field.
    /// </summary>
    private static ServiceResult<string> IdentityFailure(IdentityResult result)
    {
        var duplicate = result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName));
        var errors = result.Errors
            .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : e.Code.StartsWith("Duplicate", StringComparison.Ordinal) ? "email" : "")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).Distinct().ToArray());
        return new ServiceResult<string>(null, duplicate ? Failure.Conflict : Failure.Validation, errors);
    }

    private static object Snapshot(AppUser u, string role) => new { email = u.Email, fullName = u.FullName, role, institutionId = u.InstitutionId, isDisabled = u.IsDisabled };
}
