using K3Competency.Application.Registrations;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Participants;

/// <summary>A participant's profile and history across batches. The whole NIK only for Staff and Admin, audited.</summary>
public sealed class DetailsModel(ParticipantQueries participants) : PageModel
{
    public ParticipantProfile Profile { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var profile = await participants.ProfileAsync(id, User.ToActor(), ct);
        if (profile is null)
        {
            return await participants.ExistsAsync(id, ct) ? Forbid() : NotFound();
        }
        Profile = profile;
        return Page();
    }
}
