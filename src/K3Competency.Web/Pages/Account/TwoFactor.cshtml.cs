using System.Globalization;
using System.Text;
using K3Competency.Application.Identity;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;

namespace K3Competency.Web.Pages.Account;

/// <summary>Turn sign-in with an authenticator app (TOTP) on or off.</summary>
public sealed class TwoFactorModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, UserService userService) : PageModel
{
    public bool Enabled { get; private set; }
    public bool RequiredByRole { get; private set; }
    public string SharedKey { get; private set; } = "";
    public string QrDataUri { get; private set; } = "";

    [BindProperty]
    public string Code { get; set; } = "";

    /// <summary>Turning 2FA off needs the password or a current code: a session left open is not enough.</summary>
    [BindProperty]
    public string Confirmation { get; set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        await LoadAsync(user, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), "Kode tidak cocok. Pastikan jam ponsel tepat, lalu masukkan kode 6 digit yang sedang tampil.");
            await LoadAsync(user, ct);
            return Page();
        }
        await userService.SetTwoFactorAsync(user, enabled: true, User.ToActor(), ct);
        await signIn.RefreshSignInAsync(user);
        TempData["Message"] = "Verifikasi dua langkah aktif. Mulai sekarang, masuk memerlukan kode dari aplikasi autentikator.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (await userService.RoleRequiresTwoFactorAsync(user))
        {
            TempData["Message"] = "Peran Anda mewajibkan verifikasi dua langkah; fitur ini tidak dapat dimatikan.";
            return RedirectToPage();
        }
        if (!await userService.ConfirmsAsync(user, Confirmation ?? ""))
        {
            ModelState.AddModelError(nameof(Confirmation), "Kata sandi atau kode autentikator tidak cocok. Masukkan kata sandi Anda atau kode 6 digit yang sedang tampil untuk mematikan verifikasi dua langkah.");
            await LoadAsync(user, ct);
            return Page();
        }
        await userService.SetTwoFactorAsync(user, enabled: false, User.ToActor(), ct);
        await signIn.RefreshSignInAsync(user);
        TempData["Message"] = "Verifikasi dua langkah dimatikan.";
        return RedirectToPage();
    }

    private async Task LoadAsync(AppUser user, CancellationToken ct)
    {
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        RequiredByRole = await userService.RoleRequiresTwoFactorAsync(user);
        if (Enabled)
        {
            return;
        }
        // Not ResetAuthenticatorKeyAsync: it rotates the security stamp and would sign the user out.
        var key = await userService.AuthenticatorKeyAsync(user, ct);
        SharedKey = FormatKey(key);
        var uri = string.Format(CultureInfo.InvariantCulture, "otpauth://totp/{0}:{1}?secret={2}&issuer={0}&digits=6",
            Uri.EscapeDataString("K3Competency"), Uri.EscapeDataString(user.Email ?? ""), key);
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        QrDataUri = "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }

    private static string FormatKey(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }
        return sb.ToString().TrimEnd().ToLowerInvariant();
    }
}
