using K3Competency.Application.Imports;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Uploads;

/// <summary>The rows an import inserted and updated, each leading to its registration; opened from the history and the audit trail.</summary>
public sealed class ChangesModel(UploadChanges changes) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public UploadChangesPage Result { get; private set; } = null!;

    /// <summary>Staff and Admin open a registration on its correction page; an institution admin on the participant's page.</summary>
    public bool OpensCorrections => User.ToActor().IsStaffOrAdmin;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var result = await changes.PageAsync(id, PageNumber, User.ToActor(), ct);
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        Result = result.Value!;
        return Page();
    }

    /// <summary>What kind of data a change log row is, in the words of the upload page.</summary>
    public static string TableName(string table) => table switch
    {
        "participants" => "Data peserta",
        "registrations" => "Pendaftaran / nilai",
        _ => "Kehadiran",
    };
}
