using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Quartz;

namespace K3Competency.Application.Mail;

/// <summary>
/// Single mails (registration answers, decisions, sign-in links) sent in the background on the job engine, so a
/// public request never waits for the mail server. Each mail is one trigger of the durable <see cref="MailJob"/>
/// carrying the rendered mail; the trigger is written through the caller's transaction (Quartz's enlisted
/// transactions), so the mail goes out if and only if the change it reports commits.
/// </summary>
public sealed class MailQueue(ISchedulerFactory schedulers)
{
    public const string Group = "mail";
    public const string MailKey = "mail";
    public static readonly JobKey JobKey = new("mail", Group);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Opens an outbox on the open transaction; dispose it after the commit, so the engine sees the triggers once they are visible.</summary>
    public async Task<Outbox> OpenAsync(IDbContextTransaction tx, CancellationToken ct)
    {
        var engine = await schedulers.GetScheduler(ct);
        return new Outbox(engine, engine.EnlistTransaction(tx.GetDbTransaction()));
    }

    public sealed class Outbox(IScheduler engine, IDisposable enlistment) : IDisposable
    {
        public async Task AddAsync(OutgoingMail mail, CancellationToken ct)
        {
            var trigger = TriggerBuilder.Create()
                .WithIdentity(new TriggerKey(Guid.NewGuid().ToString("N"), Group))
                .ForJob(JobKey)
                .UsingJobData(MailKey, JsonSerializer.Serialize(mail, Json))
                .StartNow()
                .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                .Build();
            await engine.ScheduleJob(trigger, new ScheduleJobOptions(), ct);
        }

        public void Dispose() => enlistment.Dispose();
    }
}

/// <summary>
/// Sends one queued mail. A temporary failure is thrown back to the engine to fire again (the job requests
/// recovery, and Quartz re-fires a failed run when asked); a permanent one (an address the server refuses) is
/// logged without the address and dropped, as nobody waits on it.
/// </summary>
public sealed class MailJob(MailSender sender, ILogger<MailJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var mail = JsonSerializer.Deserialize<OutgoingMail>(context.MergedJobDataMap.GetString(MailQueue.MailKey)!, MailQueue.Json)!;
        try
        {
            await sender.SendAsync(mail, cancellationToken);
        }
        catch (MailSendException e) when (e.Permanent || context.RefireCount >= 5)
        {
            logger.LogWarning("Mail {Subject} dropped after {Attempts} attempt(s): {Reason}", mail.Content.Subject, context.RefireCount + 1, e.SmtpStatus);
        }
        catch (MailSendException e)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 1 << context.RefireCount)), cancellationToken);
            throw new JobExecutionException(e) { RefireImmediately = true };
        }
    }
}
