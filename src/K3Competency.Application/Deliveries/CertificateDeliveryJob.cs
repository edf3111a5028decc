using System.Globalization;
using K3Competency.Application.Certificates;
using K3Competency.Application.Mail;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace K3Competency.Application.Deliveries;

/// <summary>
/// One app process hands one mail at a time to the server, whatever number of runs it executes, so that a
/// process killed mid-run leaves at most one mail that the server took but nobody recorded.
/// </summary>
public sealed class MailGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        return new Exit(_gate);
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Exit(SemaphoreSlim gate) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}

/// <summary>
/// A background run that sends a batch's queued certificate mails (DESIGN §11), on whichever node of the
/// cluster fired it: claim the next due mail, render its PDF, send it, record the answer, repeat. A
/// temporary failure (4xx, no connection) puts the mail back with a growing wait, up to
/// <see cref="DeliveryOptions.MaxAttempts"/>; a permanent one (5xx) marks it failed with the server's reason.
/// When nothing is due but some mails wait, the run schedules the batch's next run for when they are due
/// and ends. The job requests recovery: a node that dies mid-run has its run re-fired elsewhere (or on its
/// own restart), and the mail it was sending is taken over when its claim runs out.
/// </summary>
public sealed class CertificateDeliveryJob(
    DeliveryQueue queue,
    DeliveryScheduler scheduler,
    CertificateService certificates,
    MailSender mail,
    MailGate gate,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<CertificateDeliveryJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var batchId = int.Parse(data.GetString(DeliveryScheduler.BatchKey)!, CultureInfo.InvariantCulture);
        var linkRoot = data.GetString(DeliveryScheduler.LinkRootKey)!;
        var node = context.Scheduler.SchedulerInstanceId;
        var o = options.Value;
        var lease = TimeSpan.FromSeconds(o.ClaimSeconds);
        int sent = 0, retried = 0, failed = 0;

        await using (var session = mail.OpenSession())
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var outcome = await SendNextAsync(batchId, linkRoot, node, lease, session, cancellationToken);
                if (outcome is Outcome.None)
                {
                    break;
                }
                switch (outcome)
                {
                    case Outcome.Sent: sent++; break;
                    case Outcome.Retry: retried++; break;
                    case Outcome.Failed: failed++; break;
                }
            }
        }

        logger.LogInformation("Certificate mails of batch {BatchId} on {Node}: {Sent} sent, {Retried} to retry, {Failed} failed",
            batchId, node, sent, retried, failed);
        // Stopping for a shutdown hands the run back for recovery (it requests recovery), so it goes on after the restart.
        cancellationToken.ThrowIfCancellationRequested();

        if (await queue.NextDueAsync(batchId, CancellationToken.None) is { } due)
        {
            var at = new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc));
            await scheduler.ResumeAtAsync(context.Scheduler, batchId, linkRoot, at < time.GetUtcNow() ? time.GetUtcNow() : at, CancellationToken.None);
        }
    }

    private enum Outcome { None, Sent, Retry, Failed, Waited }

    private async Task<Outcome> SendNextAsync(int batchId, string linkRoot, string node, TimeSpan lease, MailSession session, CancellationToken ct)
    {
        var o = options.Value;
        using (var entered = await gate.EnterAsync(ct))
        {
            var claim = await queue.ClaimAsync(batchId, node, time.GetUtcNow().UtcDateTime, lease, o.Spacing, ct);
            if (claim.Delivery is { } d)
            {
                return await SendAsync(d, linkRoot, session);
            }
            if (claim.IsEmpty)
            {
                return Outcome.None;
            }
            entered.Dispose();
            // The throttle: let another run of this process through while this one waits its turn.
            await Task.Delay(claim.Wait, time, ct);
            return Outcome.Waited;
        }
    }

    private async Task<Outcome> SendAsync(ClaimedDelivery d, string linkRoot, MailSession session)
    {
        // Render and send within the claim: cut the attempt off before the claim ends, so no other sender can
        // take the mail over while this one may still be handing it to the server.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.ClaimSeconds * 0.8));
        try
        {
            var doc = await certificates.GetDocumentAsync(d.VerificationCode, deadline.Token);
            if (doc is null || doc.Revoked)
            {
                await queue.MarkFailedAsync(d, "Sertifikat telah dicabut sebelum terkirim; e-mail tidak dikirim.");
                return Outcome.Failed;
            }
            await session.SendAsync(CertificateMail.For(doc, d.Email, VerificationUrl.For(linkRoot, doc.VerificationCode)), deadline.Token);
        }
        catch (MailSendException e) when (!e.Permanent && d.Attempts < options.Value.MaxAttempts)
        {
            var next = time.GetUtcNow().UtcDateTime + options.Value.RetryDelay(d.Attempts);
            await queue.MarkRetryAsync(d, e.Message, next);
            logger.LogWarning("Certificate mail {DeliveryId} deferred after attempt {Attempt}: {Reason}", d.Id, d.Attempts, e.Message);
            return Outcome.Retry;
        }
        catch (MailSendException e)
        {
            var reason = e.Permanent ? e.Message : $"{e.Message} (gagal {d.Attempts} kali; tidak dicoba lagi)";
            await queue.MarkFailedAsync(d, reason);
            logger.LogWarning("Certificate mail {DeliveryId} failed after attempt {Attempt}: {Reason}", d.Id, d.Attempts, reason);
            return Outcome.Failed;
        }
        catch (Exception e) when (e is not OperationCanceledException || deadline.IsCancellationRequested)
        {
            // A fault of ours with this one mail (its PDF would not render, say) must not stop the batch: the mail
            // is tried again later like a temporary failure, and fails for good after the last attempt.
            logger.LogError(e, "Certificate mail {DeliveryId} could not be prepared or sent (attempt {Attempt})", d.Id, d.Attempts);
            var reason = $"Kesalahan sistem saat menyiapkan e-mail ({e.GetType().Name}); dicatat untuk administrator.";
            if (d.Attempts < options.Value.MaxAttempts)
            {
                await queue.MarkRetryAsync(d, reason, time.GetUtcNow().UtcDateTime + options.Value.RetryDelay(d.Attempts));
                return Outcome.Retry;
            }
            await queue.MarkFailedAsync(d, reason);
            return Outcome.Failed;
        }
        if (!await queue.MarkSentAsync(d, time.GetUtcNow().UtcDateTime))
        {
            logger.LogWarning("Certificate mail {DeliveryId} was sent after its claim had run out", d.Id);
        }
        return Outcome.Sent;
    }
}
