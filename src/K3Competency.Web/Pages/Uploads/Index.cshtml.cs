using K3Competency.Application.Imports;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Uploads;

/// <summary>Upload history, newest first; an institution admin sees its own institution's uploads only.</summary>
public sealed class IndexModel(UploadHistory history) : PageModel
{
    private const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<UploadHistoryRow> Rows { get; private set; } = [];
    public bool HasMore { get; private set; }

    /// <summary>Staff and Admin may undo an upload; the button is shown to them only (the service checks again).</summary>
    public bool MayUndo => User.ToActor().IsStaffOrAdmin;

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        var page = await history.PageAsync(User.ToActor(), null, PageNumber, PageSize, ct);
        Rows = page.Rows;
        HasMore = page.HasMore;
    }
}
