using K3Competency.Application.Auditing;
using K3Competency.Application.Certificates;
using K3Competency.Application.Data;
using K3Competency.Application.Identity;
using K3Competency.Domain;
using K3Competency.Domain.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Quartz;

namespace K3Competency.Application.Deliveries;

/// <summary>
/// Staff sends a batch's certificates by e-mail (DESIGN §11, §12): preview, send after confirmation, send
/// the failed ones (or one mail) again, and follow the progress. The sending itself is
/// <see cref="CertificateDeliveryJob"/> on the job engine; this service queues the mails and starts the runs
/// in one transaction. Pages and the API call this; the role check lives here so both get it.
/// </summary>
public sealed class DeliveryService(
    K3DbContext db,
    DeliveryQueue queue,
    DeliveryScheduler scheduler,
    CertificateService certificates,
    TimeProvider time)
{
    public async Task<ServiceResult<DeliveryPreview>> PreviewAsync(int batchId, Actor actor, string linkRoot, CancellationToken ct)
    {
        if (Refusal<DeliveryPreview>(actor) is { } refused)
        {
            return refused;
        }
        if (!await db.Batches.AnyAsync(b => b.Id == batchId, ct))
        {
            return BatchNotFound<DeliveryPreview>();
        }
        var candidates = await queue.CandidatesAsync(batchId, ct);
        var toSend = candidates.Where(c => c.Email is not null && c.Status is null).ToList();
        SampleMail? sample = null;
        if (toSend.Count > 0 && await certificates.GetDocumentAsync(toSend[0].VerificationCode, ct) is { } doc)
        {
            var content = CertificateMail.Content(doc, VerificationUrl.For(linkRoot, doc.VerificationCode));
            sample = new SampleMail(EmailMask.Mask(toSend[0].Email), content.Subject, content.Text(), doc.FileName);
        }
        return ServiceResult<DeliveryPreview>.Ok(new DeliveryPreview(
            batchId,
            [.. toSend.Select(Item)],
            [.. candidates.Where(c => c.Email is null).Select(Item)],
            candidates.Count(c => c.Status == DeliveryStatus.Sent),
            candidates.Count(c => c.Status == DeliveryStatus.Queued),
            candidates.Count(c => c.Status == DeliveryStatus.Failed),
            sample));
    }

    /// <summary>
    /// Queues every valid certificate whose holder has an e-mail address it was not yet sent (or queued) to, and
    /// starts sending. Sending again queues nothing new. <paramref name="confirmed"/> is the user's yes after the preview.
    /// </summary>
    public Task<ServiceResult<SendStarted>> SendAsync(int batchId, bool confirmed, Actor actor, string linkRoot, CancellationToken ct)
    {
        // The role comes first: someone who may not send is told so, not asked to confirm.
        if (Refusal<SendStarted>(actor) is { } refused)
        {
            return Task.FromResult(refused);
        }
        return confirmed
            ? StartAsync(batchId, actor, linkRoot, "certificates.send", now => queue.EnqueueAsync(batchId, actor.UserId, now, ct), ct)
            : Task.FromResult(ServiceResult<SendStarted>.Fail(Failure.Validation, "confirm",
                "Periksa pratinjau penerima dan contoh e-mail terlebih dahulu, lalu konfirmasi pengiriman (confirm: true)."));
    }

    /// <summary>"Kirim ulang yang gagal": the failed mails to each holder's current address go out again.</summary>
    public Task<ServiceResult<SendStarted>> ResendFailedAsync(int batchId, Actor actor, string linkRoot, CancellationToken ct) =>
        StartAsync(batchId, actor, linkRoot, "certificates.resend-failed", now => queue.RequeueAsync(batchId, null, actor.UserId, now, ct), ct);

    /// <summary>Staff asks again for one mail, sent or failed: the one way a certificate reaches an address twice.</summary>
    public Task<ServiceResult<SendStarted>> ResendAsync(int batchId, long deliveryId, Actor actor, string linkRoot, CancellationToken ct) =>
        StartAsync(batchId, actor, linkRoot, "certificates.resend", now => queue.RequeueAsync(batchId, deliveryId, actor.UserId, now, ct), ct);

    public async Task<ServiceResult<DeliveryReport>> ReportAsync(int batchId, Actor actor, CancellationToken ct)
    {
        if (Refusal<DeliveryReport>(actor) is { } refused)
        {
            return refused;
        }
        if (!await db.Batches.AnyAsync(b => b.Id == batchId, ct))
        {
            return BatchNotFound<DeliveryReport>();
        }
        var rows = await db.Deliveries.AsNoTracking()
            .Where(d => d.BatchId == batchId)
            .OrderBy(d => d.Certificate!.Sequence).ThenBy(d => d.Id)
            .Select(d => new
            {
                d.Id,
                d.Certificate!.Number,
                d.Certificate.Registration!.Participant!.FullName,
                d.Email,
                d.Status,
                d.Attempts,
                d.LastError,
                d.SentAt,
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new DeliveryItem(r.Id, r.Number, r.FullName, EmailMask.Mask(r.Email), StatusCode(r.Status), r.Attempts,
            r.Status == DeliveryStatus.Sent ? null : r.LastError, r.SentAt)).ToList();
        return ServiceResult<DeliveryReport>.Ok(new DeliveryReport(
            items.Count,
            rows.Count(r => r.Status == DeliveryStatus.Queued),
            rows.Count(r => r.Status == DeliveryStatus.Sent),
            rows.Count(r => r.Status == DeliveryStatus.Failed),
            items));
    }

    /// <summary>queued, sent, failed: the status words of DESIGN §11 and the API.</summary>
    public static string StatusCode(DeliveryStatus status) => status.ToCode().ToLowerInvariant();

    // Queue (or re-queue) the mails and schedule the runs in one transaction: the job engine's rows are written
    // through the same connection (Quartz's enlisted transactions), so either both commit or neither does. The
    // batch row's lock makes two requests for one batch, from any instance, take turns.
    private async Task<ServiceResult<SendStarted>> StartAsync(int batchId, Actor actor, string linkRoot, string action,
        Func<DateTime, Task<int>> queueMails, CancellationToken ct)
    {
        if (Refusal<SendStarted>(actor) is { } refused)
        {
            return refused;
        }
        var engine = await scheduler.SchedulerAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await queue.LockBatchAsync(batchId, ct))
        {
            return BatchNotFound<SendStarted>();
        }
        var now = time.GetUtcNow().UtcDateTime;
        var recipients = await queueMails(now);
        var enlistment = engine.EnlistTransaction(tx.GetDbTransaction());
        try
        {
            var jobId = await scheduler.StartAsync(engine, batchId, linkRoot, ct);
            Audit.Add(db, actor, action, "Batch", batchId, null, new { recipients, jobId }, now);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return ServiceResult<SendStarted>.Ok(new SendStarted(jobId, recipients));
        }
        finally
        {
            // After the commit, so the engine is told of the new triggers once they are visible.
            enlistment.Dispose();
        }
    }

    private static DeliveryCandidate Item(DeliveryQueue.Candidate c) =>
        new(c.Number, c.ParticipantName, c.Email is null ? null : EmailMask.Mask(c.Email), c.Status is { } s ? StatusCode(s) : null);

    private static ServiceResult<T>? Refusal<T>(Actor actor) =>
        actor.IsStaffOrAdmin
            ? null
            : ServiceResult<T>.Fail(Failure.Forbidden, "", "Hanya Staf Direktorat atau Administrator yang boleh mengirim sertifikat.");

    private static ServiceResult<T> BatchNotFound<T>() =>
        ServiceResult<T>.Fail(Failure.NotFound, "", "Angkatan tidak ditemukan; periksa kembali angkatan yang dipilih.");
}
