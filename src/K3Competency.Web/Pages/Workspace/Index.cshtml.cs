using K3Competency.Application.Batches;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Workspace;

/// <summary>
/// An institution admin's starting point: the batches its institution partners, with the progress of its own
/// registrations and the uploads still to do. Staff and Admin see every batch here.
/// </summary>
public sealed class IndexModel(BatchService batches) : PageModel
{
    public IReadOnlyList<BatchProgressItem> Batches { get; private set; } = [];

    public bool IsInstitutionAdmin { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        IsInstitutionAdmin = actor.IsInstitutionAdmin;
        Batches = await batches.ListVisibleAsync(actor, ct);
    }
}
