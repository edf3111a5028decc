using K3Competency.Application.Institutions;
using K3Competency.Application.Registrations;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Participants;

/// <summary>Participant search: NIK or name, institution, province, category, batch; paged and sortable.</summary>
public sealed class IndexModel(ParticipantQueries participants, InstitutionService institutions) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty(SupportsGet = true, Name = "lembaga")] public string? Institution { get; set; }
    [BindProperty(SupportsGet = true, Name = "provinsi")] public string? Province { get; set; }
    [BindProperty(SupportsGet = true, Name = "kategori")] public string? Category { get; set; }
    [BindProperty(SupportsGet = true, Name = "angkatan")] public int? BatchId { get; set; }
    [BindProperty(SupportsGet = true, Name = "urut")] public string Sort { get; set; } = "name";
    [BindProperty(SupportsGet = true, Name = "turun")] public bool Descending { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public Paged<ParticipantRow> Result { get; private set; } = null!;
    public IReadOnlyList<InstitutionItem> Institutions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        Result = await participants.SearchAsync(new ParticipantSearch(Query, Institution, Province, Category, BatchId, Sort, Descending, PageNumber), actor, ct);
        Institutions = actor.IsInstitutionAdmin ? [] : await institutions.ListAsync(ct);
    }

    public string SortUrl(string column) => Request.SortUrl(column, Sort, Descending);
}
