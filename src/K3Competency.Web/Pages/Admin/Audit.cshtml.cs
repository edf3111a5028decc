using K3Competency.Application.Auditing;
using K3Competency.Domain.Entities;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Admin;

/// <summary>Browse the audit trail, newest first, filtered by entity type, action or user.</summary>
public sealed class AuditModel(AuditTrail trail) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Entity { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? User_ { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public IReadOnlyList<string> EntityTypes { get; private set; } = [];
    public bool HasMore { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        var page = await trail.PageAsync(new AuditFilter(Entity, User_, PageNumber, PageSize), User.ToActor(), ct);
        if (this.Refusal(page) is { } refused)
        {
            return refused;
        }
        (Entries, HasMore, EntityTypes) = (page.Value!.Entries, page.Value.HasMore, page.Value.EntityTypes);
        return Page();
    }
}
