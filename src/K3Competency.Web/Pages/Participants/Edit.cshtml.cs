using K3Competency.Application;
using K3Competency.Application.Registrations;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Participants;

/// <summary>
/// Correct a person's name, e-mail, phone, employer and province (the NIK only by Admin, with a reason). A new name
/// that a valid certificate does not carry is refused naming it; the same form confirms revoking and reissuing it.
/// </summary>
public sealed class EditModel(ParticipantQueries participants, ParticipantEditService edits) : PageModel
{
    public ParticipantProfile Profile { get; private set; } = null!;

    [BindProperty]
    public EditInput Input { get; set; } = new();

    public sealed class EditInput
    {
        public string? FullName { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? Employer { get; set; }
        public string? ProvinceCode { get; set; }
        public string? Nik { get; set; }
        public bool RevokeCertificates { get; set; }
        public string? Reason { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing)
        {
            return missing;
        }
        var p = Profile;
        Input = new EditInput { FullName = p.FullName, Email = p.Email, Phone = p.Phone, Employer = p.Employer, ProvinceCode = p.ProvinceCode, Nik = p.Nik };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var actor = User.ToActor();
        // The NIK field is sent only to Admin; anyone else leaves it as it is.
        var edit = new ParticipantEdit(Input.FullName ?? "", Input.Email ?? "", Input.Phone ?? "", Input.Employer ?? "", Input.ProvinceCode,
            actor.IsAdmin ? Input.Nik : null, Input.RevokeCertificates, Input.Reason);
        var result = await edits.EditAsync(id, edit, actor, ct);
        if (result.Succeeded)
        {
            var v = result.Value!;
            TempData["Message"] = "Data peserta disimpan."
                + (v.Revoked.Count == 0 ? "" : $" Sertifikat {string.Join(", ", v.Revoked)} dicabut.")
                + (v.Reissued.Count == 0 ? "" : $" Sertifikat pengganti diterbitkan: {string.Join(", ", v.Reissued)}.");
            return RedirectToPage("Details", new { id });
        }
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        ModelState.AddErrors(result);
        return await LoadAsync(id, ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        var profile = await participants.ProfileAsync(id, User.ToActor(), ct);
        if (profile is null)
        {
            return NotFound();
        }
        Profile = profile;
        return null;
    }
}
