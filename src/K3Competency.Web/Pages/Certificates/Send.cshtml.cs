using K3Competency.Application;
using K3Competency.Application.Batches;
using K3Competency.Application.Deliveries;
using K3Competency.Domain;
using K3Competency.Web.Infrastructure;
using K3Competency.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace K3Competency.Web.Pages.Certificates;

/// <summary>
/// "Kirim sertifikat" (DESIGN §11): the preview of a batch's certificate mails, the confirmation that starts
/// them in the background, their progress per recipient, and sending the failed ones again. Staff/Admin
/// (the folder's policy; the service checks again). The progress refreshes itself through
/// wwwroot/js/deliveries.js, or on reload without script.
/// </summary>
public sealed class SendModel(DeliveryService deliveries, BatchService batches) : PageModel
{
    public BatchItem Batch { get; private set; } = null!;
    public DeliveryPreview Preview { get; private set; } = null!;
    public DeliveryReport Report { get; private set; } = null!;

    [BindProperty]
    public bool Confirm { get; set; }

    public async Task<IActionResult> OnGetAsync(int batchId, CancellationToken ct) =>
        await LoadAsync(batchId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSendAsync(int batchId, CancellationToken ct)
    {
        var result = await deliveries.SendAsync(batchId, Confirm, User.ToActor(), PublicLinks.Root(Request), ct);
        if (result.Failure == Failure.Validation)
        {
            ModelState.AddErrors(result, keys: new Dictionary<string, string> { ["confirm"] = nameof(Confirm) });
            return await LoadAsync(batchId, ct) ? Page() : NotFound();
        }
        return Done(batchId, result, n => n == 0
            ? "Tidak ada e-mail baru untuk dikirim: setiap sertifikat sudah dikirim atau sedang dalam antrean ke alamat pemiliknya."
            : $"{Formats.Number(n)} e-mail sertifikat masuk antrean dan dikirim di latar belakang.");
    }

    public async Task<IActionResult> OnPostResendFailedAsync(int batchId, CancellationToken ct) =>
        Done(batchId, await deliveries.ResendFailedAsync(batchId, User.ToActor(), PublicLinks.Root(Request), ct), n => n == 0
            ? "Tidak ada e-mail gagal yang dapat dikirim ulang ke alamat pemilik sertifikat saat ini."
            : $"{Formats.Number(n)} e-mail yang gagal dikirim ulang di latar belakang.");

    public async Task<IActionResult> OnPostResendAsync(int batchId, long deliveryId, CancellationToken ct) =>
        Done(batchId, await deliveries.ResendAsync(batchId, deliveryId, User.ToActor(), PublicLinks.Root(Request), ct), n => n == 0
            ? "E-mail itu tidak dapat dikirim ulang: sedang dalam antrean, atau alamat pemilik sertifikat sudah berubah."
            : "E-mail sertifikat dikirim ulang di latar belakang.");

    private IActionResult Done(int batchId, ServiceResult<SendStarted> result, Func<int, string> message)
    {
        if (!result.Succeeded)
        {
            return this.Refusal(result) ?? NotFound();
        }
        TempData["Message"] = message(result.Value!.Recipients);
        return RedirectToPage("/Certificates/Send", new { batchId });
    }

    private async Task<bool> LoadAsync(int batchId, CancellationToken ct)
    {
        var actor = User.ToActor();
        var batch = await batches.GetAsync(batchId, actor, ct);
        var preview = await deliveries.PreviewAsync(batchId, actor, PublicLinks.Root(Request), ct);
        var report = await deliveries.ReportAsync(batchId, actor, ct);
        if (batch is null || !preview.Succeeded || !report.Succeeded)
        {
            return false;
        }
        Batch = batch;
        Preview = preview.Value!;
        Report = report.Value!;
        return true;
    }
}
