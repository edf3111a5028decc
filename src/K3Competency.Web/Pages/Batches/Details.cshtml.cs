using K3Competency.Application.Batches;
using K3Competency.Application.Identity;
using K3Competency.Application.Registrations;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Batches;

/// <summary>A batch: sessions, partners, and its registrations with completion and the reason when not completed.</summary>
public sealed class DetailsModel(BatchService batches, ParticipantQueries participants) : PageModel
{
    public BatchItem Batch { get; private set; } = null!;

    /// <summary>Why this user may no longer write into the batch (an institution admin on a finished one), or null.</summary>
    public string? FinishedRefusal { get; private set; }
    public Paged<RegistrationRow> Registrations { get; private set; } = null!;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    /// <summary>name (default), institution, attendance or post.</summary>
    [BindProperty(SupportsGet = true, Name = "urut")]
    public string Sort { get; set; } = "name";

    [BindProperty(SupportsGet = true, Name = "turun")]
    public bool Descending { get; set; }

    public string SortUrl(string column) => Request.SortUrl(column, Sort, Descending);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var actor = User.ToActor();
        var batch = await batches.FindAsync(id, actor, ct);
        if (this.Refusal(batch) is { } refused)
        {
            return refused;
        }
        Batch = batch.Value!;
        FinishedRefusal = actor.FinishedBatchRefusal(Codes.Parse<BatchStatus>(Batch.Status));
        Registrations = await participants.BatchRegistrationsAsync(id, actor, Query, PageNumber, ct, sort: Sort, descending: Descending);
        return Page();
    }
}
