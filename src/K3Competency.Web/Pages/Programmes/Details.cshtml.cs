using K3Competency.Application.Batches;
using K3Competency.Application.Programmes;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Programmes;

public sealed class DetailsModel(ProgrammeService programmes, BatchService batches) : PageModel
{
    public ProgrammeItem Programme { get; private set; } = null!;
    public IReadOnlyList<BatchItem> Batches { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var programme = await programmes.GetAsync(id, ct);
        if (programme is null)
        {
            return NotFound();
        }
        Programme = programme;
        Batches = await batches.ListAsync(id, User.ToActor(), ct);
        return Page();
    }
}
