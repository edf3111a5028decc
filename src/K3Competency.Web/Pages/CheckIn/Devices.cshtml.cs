using K3Competency.Application;
using K3Competency.Application.Batches;
using K3Competency.Application.CheckIn;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.CheckIn;

/// <summary>Devices that checked in several different people in one session of a batch: possible proxy attendance (DESIGN §10.3).</summary>
public sealed class DevicesModel(CheckInService checkIn, BatchService batches) : PageModel
{
    public BatchItem Batch { get; private set; } = null!;
    public IReadOnlyList<SuspiciousDevice> Devices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int batchId, CancellationToken ct)
    {
        var result = await checkIn.SuspiciousDevicesAsync(batchId, User.ToActor(), ct);
        if (this.Refusal(result) is { } refused)
        {
            return refused;
        }
        Batch = (await batches.GetAsync(batchId, User.ToActor(), ct))!;
        Devices = result.Value!;
        return Page();
    }
}
