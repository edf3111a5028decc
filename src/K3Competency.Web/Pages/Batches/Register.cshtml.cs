using K3Competency.Application;
using K3Competency.Application.Batches;
using K3Competency.Application.Registrations;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Batches;

/// <summary>
/// Register one participant, starting from the NIK. Without JavaScript "Periksa NIK" posts the form back with the
/// hint and the known person filled in; with JavaScript the same lookup runs as the NIK is typed.
/// </summary>
[Authorize(Policy = Policies.Manage)]
public sealed class RegisterModel(BatchService batches, RegistrationService registrations) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public BatchItem Batch { get; private set; } = null!;
    public NikLookup? Lookup { get; private set; }
    public long? ExistingParticipantId { get; private set; }

    public sealed class InputModel
    {
        public string Nik { get; set; } = "";
        public string FullName { get; set; } = "";
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? Gender { get; set; }
        public string? Province { get; set; }
        public string? Employer { get; set; }
        public string Category { get; set; } = ParticipantCategory.AhliK3.ToCode();
        public string? ExpertiseField { get; set; }
        public string? LicenseNumber { get; set; }
        public string AttendanceMode { get; set; } = Domain.AttendanceMode.Luring.ToCode();
        public string? InstitutionCode { get; set; }

        public RegistrationInput ToRegistrationInput() => new(Nik ?? "", FullName ?? "", Email, Phone, Gender, Province, Employer,
            Category ?? "", ExpertiseField, LicenseNumber, AttendanceMode, InstitutionCode);
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>"Periksa NIK": shows what the NIK says and fills in a known person.</summary>
    public async Task<IActionResult> OnPostCheckAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        ModelState.Clear();
        Lookup = await registrations.LookupAsync(Input.Nik, User.ToActor(), ct);
        if (Lookup.Person is { } person)
        {
            Input.FullName = person.FullName;
            Input.Email = person.Email;
            Input.Phone = person.Phone;
            Input.Employer = person.Employer;
        }
        if (Lookup.Valid)
        {
            Input.Gender ??= Lookup.Gender;
            Input.Province ??= Lookup.ProvinceCode;
        }
        else
        {
            ModelState.AddModelError("Input.Nik", Lookup.Error!);
        }
        return Page();
    }

    /// <summary>The same lookup for the page script, as JSON (POST, so the NIK never sits in a URL).</summary>
    public async Task<IActionResult> OnPostLookupAsync(CancellationToken ct) =>
        new JsonResult(await registrations.LookupAsync(Input.Nik, User.ToActor(), ct));

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        var result = await registrations.RegisterAsync(id, Input.ToRegistrationInput(), User.ToActor(), ct);
        if (result.Succeeded)
        {
            TempData["Message"] = $"{Input.FullName} terdaftar di angkatan ke-{Batch.Number}.";
            return RedirectToPage("Details", new { id });
        }
        if (result.Failure == Failure.Conflict && result.Value is { } existing)
        {
            ExistingParticipantId = existing.ParticipantId;
        }
        ModelState.AddErrors(result);
        Lookup = await registrations.LookupAsync(Input.Nik, User.ToActor(), ct);
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var batch = await batches.GetAsync(id, User.ToActor(), ct);
        if (batch is null)
        {
            return false;
        }
        Batch = batch;
        return true;
    }
}
