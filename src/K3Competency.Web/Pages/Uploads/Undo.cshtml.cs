using K3Competency.Application.Imports;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Uploads;

/// <summary>
/// The confirmation before an upload is undone (issue 12): what the undo will do, one button, and on refusal the list
/// of what depends on the upload. A plain form, so it works without JavaScript.
/// </summary>
[Authorize(Policy = Policies.Manage)]
public sealed class UndoModel(UploadHistory history, UploadUndo undo) : PageModel
{
    public UploadHistoryRow Upload { get; private set; } = null!;

    /// <summary>Why the upload cannot be undone whatever its rows say, or null.</summary>
    public string? Refused { get; private set; }

    public IReadOnlyList<string> Dependencies { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var result = await undo.UndoAsync(id, User.ToActor(), ct);
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        if (result.Succeeded)
        {
            TempData["Message"] = $"Unggahan \"{(await history.FindAsync(User.ToActor(), id, ct))?.FileName}\" diurungkan: " +
                                  $"{Formats.Number(result.Value!.Removed)} baris dihapus, {Formats.Number(result.Value.Restored)} baris dikembalikan ke nilai sebelumnya.";
            return RedirectToPage("Index");
        }
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Dependencies = result.Errors.TryGetValue("dependencies", out var lines) ? lines : [];
        Refused = result.Errors.TryGetValue("", out var whole) ? string.Join(" ", whole) : result.Message;
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await history.FindAsync(User.ToActor(), id, ct) is not { } upload)
        {
            return false;
        }
        Upload = upload;
        Refused = upload.UndoRefusal;
        return true;
    }
}
