using K3Competency.Application.Batches;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Batches;

/// <summary>
/// The confirmation step of deleting a batch (no JavaScript needed): GET shows what goes with it, or why it cannot go;
/// POST deletes it. The rule (no registrations, one transaction, audited) is BatchService.DeleteAsync's.
/// </summary>
[Authorize(Policy = Policies.Manage)]
public sealed class DeleteModel(BatchService batches) : PageModel
{
    public BatchItem Batch { get; private set; } = null!;

    /// <summary>Why the batch cannot be deleted (it holds registrations); shown instead of the button.</summary>
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var batch = await batches.FindAsync(id, User.ToActor(), ct);
        if (this.Refusal(batch) is { } refused)
        {
            return refused;
        }
        Batch = batch.Value!;
        if (Batch.Registrations > 0)
        {
            Refusal = BatchService.NotEmpty(Batch.Registrations);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var result = await batches.DeleteAsync(id, User.ToActor(), ct);
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        if (!result.Succeeded)
        {
            var batch = await batches.FindAsync(id, User.ToActor(), ct);
            if (this.Refusal(batch) is { } gone)
            {
                return gone;
            }
            Batch = batch.Value!;
            Refusal = result.Message;
            Response.StatusCode = Failures.StatusOf(result.Failure);
            return Page();
        }
        TempData["Message"] = "Angkatan dihapus beserta sesinya.";
        return RedirectToPage("/Programmes/Details", new { id = result.Value });
    }
}
