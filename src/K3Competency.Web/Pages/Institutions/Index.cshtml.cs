using K3Competency.Application.Institutions;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Institutions;

public sealed class IndexModel(InstitutionService institutions) : PageModel
{
    public IReadOnlyList<InstitutionItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await institutions.ListAsync(ct);
}
