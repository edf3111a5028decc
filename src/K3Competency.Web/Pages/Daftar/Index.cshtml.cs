using K3Competency.Application.Registrations;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Pages.Batches;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace K3Competency.Web.Pages.Daftar;

/// <summary>
/// The public self-registration form (DESIGN §10.4): the staff form's fields, e-mail required, without JavaScript.
/// Every accepted application gets the same answer; the mail says what happened. A bot that fills the hidden
/// "website" field gets the same answer and nothing is written.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(PublicFormRateLimit.Name)]
public sealed class IndexModel(SelfRegistrationService selfRegistration, RegistrationService registrations) : PageModel
{
    [BindProperty]
    public RegisterModel.InputModel Input { get; set; } = new();

    /// <summary>The honeypot: hidden from people by the stylesheet, filled only by bots.</summary>
    [BindProperty(Name = "website")]
    public string? Website { get; set; }

    public PublicBatch Batch { get; private set; } = null!;
    public NikLookup? Lookup { get; private set; }
    public string? Answer { get; private set; }

    public async Task<IActionResult> OnGetAsync(int batchId, CancellationToken ct) => await LoadAsync(batchId, ct) ?? Page();

    /// <summary>"Periksa NIK": what the NIK says (birth date, gender, province); never whether the person is known.</summary>
    public async Task<IActionResult> OnPostCheckAsync(int batchId, CancellationToken ct)
    {
        if (await LoadAsync(batchId, ct) is { } missing)
        {
            return missing;
        }
        ModelState.Clear();
        Lookup = await registrations.LookupAsync(Input.Nik, SelfRegistrationService.Applicant, ct);
        if (!Lookup.Valid)
        {
            ModelState.AddModelError("Input.Nik", Lookup.Error!);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int batchId, CancellationToken ct)
    {
        if (await LoadAsync(batchId, ct) is { } missing)
        {
            return missing;
        }
        var result = await selfRegistration.ApplyAsync(batchId, Input.ToRegistrationInput(), !string.IsNullOrEmpty(Website), ct);
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        if (result.Succeeded)
        {
            Answer = result.Value!.Message;
            ModelState.Clear();
            Input = new();
            return Page();
        }
        ModelState.AddErrors(result);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int batchId, CancellationToken ct)
    {
        var batch = await selfRegistration.BatchAsync(batchId, ct);
        if (!batch.Succeeded)
        {
            return NotFound();
        }
        Batch = batch.Value!;
        return null;
    }
}
