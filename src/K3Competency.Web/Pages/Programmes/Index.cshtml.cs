using K3Competency.Application.Programmes;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Programmes;

public sealed class IndexModel(ProgrammeService programmes) : PageModel
{
    public IReadOnlyList<ProgrammeItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await programmes.ListAsync(ct);
}
