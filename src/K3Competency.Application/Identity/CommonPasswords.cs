using Microsoft.AspNetCore.Identity;

namespace K3Competency.Application.Identity;

/// <summary>
/// OWASP ASVS 2.1.7: a password found in breach corpora is refused. The list shipped with the app is the
/// 30.000 most common passwords of Xato's 10 million password dump as zxcvbn 4.4.2 ships it (MIT licence,
/// header of CommonPasswords.txt). Compared case-insensitively, also with a short tail of digits and
/// symbols removed ("Password1234!" is "password" with a suffix every cracker tries first).
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    public const string Message =
        "Kata sandi ini termasuk yang paling sering dipakai dan dibocorkan, sehingga mudah ditebak. Pilih frasa lain yang hanya Anda ketahui, misalnya beberapa kata acak.";

    private static readonly Lazy<HashSet<string>> List = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(password is not null && IsCommon(password)
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordTooCommon", Description = Message })
            : IdentityResult.Success);

    public static bool IsCommon(string password)
    {
        var lower = password.Trim().ToLowerInvariant();
        if (List.Value.Contains(lower))
        {
            return true;
        }
        var stem = lower.TrimEnd("0123456789!@#$%^&*()-_=+.,?~ ".ToCharArray());
        return stem.Length >= 4 && lower.Length - stem.Length <= 6 && List.Value.Contains(stem);
    }

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("K3Competency.Application.Identity.CommonPasswords.txt")
                           ?? throw new InvalidOperationException("CommonPasswords.txt is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }
        return set;
    }
}
