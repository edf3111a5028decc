using K3Competency.Application.Registrations;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using K3Competency.Web.Pages.Certificates;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Registrations;

/// <summary>
/// The verification queue of one batch (DESIGN §10.4): filter the applications, see each person's earlier batches and
/// certificates, approve or reject (with a reason) one or the ticked ones. Plain forms; no JavaScript needed.
/// </summary>
public sealed class QueueModel(VerificationService verification) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; } = "MENUNGGU";
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Institution { get; set; }
    [BindProperty(SupportsGet = true)] public string? Province { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? Date { get; set; }

    [BindProperty] public List<long> Selected { get; set; } = [];
    [BindProperty] public string? Reason { get; set; }

    public VerificationQueue Queue { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int batchId, CancellationToken ct)
    {
        var filter = new QueueFilter(Codes.TryParse<RegistrationStatus>(Status, out var s) ? s : null,
            Codes.TryParse<ParticipantCategory>(Category, out var c) ? c : null, Institution, Province, Date);
        var result = await verification.ListAsync(batchId, filter, User.ToActor(), ct);
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        Queue = result.Value!;
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(int batchId, CancellationToken ct) => DecideAsync(batchId, approve: true, ct);

    public Task<IActionResult> OnPostRejectAsync(int batchId, CancellationToken ct) => DecideAsync(batchId, approve: false, ct);

    private async Task<IActionResult> DecideAsync(int batchId, bool approve, CancellationToken ct)
    {
        if (Selected.Count == 0)
        {
            TempData["Message"] = "Pilih dulu pendaftaran yang akan diputuskan.";
        }
        else
        {
            var done = await verification.DecideManyAsync(Selected, approve, Reason, User.ToActor(), PublicLinks.Root(Request), ct);
            var verb = approve ? "diterima" : "ditolak";
            TempData["Message"] = done.Refused.Count == 0
                ? $"{Formats.Number(done.Decided)} pendaftaran {verb}."
                : $"{Formats.Number(done.Decided)} pendaftaran {verb}. Tidak diputuskan: {string.Join(" ", done.Refused)}";
        }
        return RedirectToPage(new { batchId, Status, Category, Institution, Province, Date });
    }
}
