using System.Globalization;
using Microsoft.Extensions.Options;
using Quartz;

namespace K3Competency.Application.Deliveries;

/// <summary>
/// Starts background sending on the job engine (Quartz.NET, clustered on PostgreSQL; docs/adr/0007-job-engine.md).
/// Every run is a trigger of the one durable <see cref="CertificateDeliveryJob"/>, carrying its batch and the
/// site address the mails link to; any node of the cluster may fire it.
/// </summary>
public sealed class DeliveryScheduler(ISchedulerFactory schedulers, IOptions<DeliveryOptions> options)
{
    public const string Group = "certificate-delivery";
    public const string BatchKey = "batchId";
    public const string LinkRootKey = "linkRoot";

    public static readonly JobKey JobKey = new("certificate-delivery", Group);

    public Task<IScheduler> SchedulerAsync(CancellationToken ct) => schedulers.GetScheduler(ct).AsTask();

    /// <summary>
    /// Schedules <see cref="DeliveryOptions.Workers"/> runs for the batch, starting now, and returns the id of
    /// this request's runs. Called inside the transaction that queued the mails (enlisted), so the runs and
    /// the queued rows commit together or not at all.
    /// </summary>
    public async Task<string> StartAsync(IScheduler scheduler, int batchId, string linkRoot, CancellationToken ct)
    {
        var jobId = Guid.NewGuid().ToString("N");
        for (var w = 1; w <= options.Value.Workers; w++)
        {
            await scheduler.ScheduleJob(Trigger(new TriggerKey($"{batchId}-{jobId}-{w}", Group), batchId, linkRoot, DateTimeOffset.UtcNow),
                new ScheduleJobOptions(), ct);
        }
        return jobId;
    }

    /// <summary>
    /// The batch's next run at <paramref name="at"/> (a back-off ending, or a dead sender's claim running out).
    /// One such trigger per batch: scheduling it again moves it.
    /// </summary>
    public async Task ResumeAtAsync(IScheduler scheduler, int batchId, string linkRoot, DateTimeOffset at, CancellationToken ct)
    {
        var key = new TriggerKey($"{batchId}-next", Group);
        await scheduler.ScheduleJob(Trigger(key, batchId, linkRoot, at), new ScheduleJobOptions { Replace = true }, ct);
    }

    private static ITrigger Trigger(TriggerKey key, int batchId, string linkRoot, DateTimeOffset at) =>
        TriggerBuilder.Create()
            .WithIdentity(key)
            .ForJob(JobKey)
            .UsingJobData(BatchKey, batchId.ToString(CultureInfo.InvariantCulture))
            .UsingJobData(LinkRootKey, linkRoot)
            .StartAt(at)
            // A run that was due while every node was down runs as soon as one is back.
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
}
