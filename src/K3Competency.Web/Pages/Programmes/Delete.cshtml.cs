using K3Competency.Application.Programmes;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Programmes;

/// <summary>
/// The confirmation step of deleting a programme (no JavaScript needed): GET shows it, or why it cannot go; POST deletes
/// it. The rule (no batches, audited) is ProgrammeService.DeleteAsync's.
/// </summary>
public sealed class DeleteModel(ProgrammeService programmes) : PageModel
{
    public ProgrammeItem Programme { get; private set; } = null!;

    /// <summary>Why the programme cannot be deleted (it holds batches); shown instead of the button.</summary>
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await programmes.GetAsync(id, ct) is not { } programme)
        {
            return NotFound();
        }
        Programme = programme;
        if (programme.BatchCount > 0)
        {
            Refusal = ProgrammeService.NotEmpty(programme.BatchCount);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var result = await programmes.DeleteAsync(id, User.ToActor(), ct);
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        if (!result.Succeeded)
        {
            if (await programmes.GetAsync(id, ct) is not { } programme)
            {
                return NotFound();
            }
            Programme = programme;
            Refusal = result.Message;
            Response.StatusCode = Failures.StatusOf(result.Failure);
            return Page();
        }
        TempData["Message"] = $"Kegiatan {result.Value!.Code} dihapus.";
        return RedirectToPage("Index");
    }
}
