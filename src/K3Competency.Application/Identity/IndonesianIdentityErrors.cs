using Microsoft.AspNetCore.Identity;

namespace K3Competency.Application.Identity;

/// <summary>Identity's messages in Bahasa Indonesia.</summary>
public sealed class IndonesianIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = $"Kata sandi minimal {length} karakter. Frasa beberapa kata mudah diingat dan kuat." };

    public override IdentityError DuplicateEmail(string email) =>
        new() { Code = nameof(DuplicateEmail), Description = "Email ini sudah dipakai oleh akun lain." };

    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = "Email ini sudah dipakai oleh akun lain." };

    public override IdentityError InvalidEmail(string? email) =>
        new() { Code = nameof(InvalidEmail), Description = "Alamat email tidak valid." };

    public override IdentityError PasswordMismatch() =>
        new() { Code = nameof(PasswordMismatch), Description = "Kata sandi lama tidak cocok." };

    public override IdentityError InvalidToken() =>
        new() { Code = nameof(InvalidToken), Description = "Kode tidak valid atau sudah kedaluwarsa." };

    public override IdentityError DefaultError() =>
        new() { Code = nameof(DefaultError), Description = "Terjadi kesalahan. Silakan coba lagi." };
}

/// <summary>OWASP ASVS 5 level 2: 12 to 128 characters, no composition rules (the minimum is set in options).</summary>
public sealed class MaxLengthPasswordValidator : IPasswordValidator<AppUser>
{
    public const int MaxLength = 128;

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(password is { Length: > MaxLength }
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordTooLong", Description = $"Kata sandi paling banyak {MaxLength} karakter." })
            : IdentityResult.Success);
}
