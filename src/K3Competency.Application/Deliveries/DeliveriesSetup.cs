using K3Competency.Application.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace K3Competency.Application.Deliveries;

public static class DeliveriesSetup
{
    /// <summary>The job engine's scheduler name: every app instance with this name over one database is one cluster.</summary>
    public const string SchedulerName = "K3Competency";

    /// <summary>Quartz's tables live in their own schema (Data/Sql/quartz-job-store.v1.sql).</summary>
    public const string TablePrefix = "quartz.qrtz_";

    /// <summary>
    /// Mail (Smtp settings, checked at start) and the job engine: Quartz.NET with its ADO.NET job store,
    /// clustered over the app's own PostgreSQL database (docs/adr/0007-job-engine.md). The scheduler is started
    /// by the web host after the migrations (WebSetup), so its tables exist when it first looks.
    /// </summary>
    public static IHostApplicationBuilder AddDeliveries(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>();
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        services.AddSingleton<MailSender>();
        services.AddSingleton<MailGate>();
        services.AddScoped<DeliveryQueue>();
        services.AddScoped<DeliveryScheduler>();
        services.AddScoped<DeliveryService>();
        services.AddScoped<MailQueue>();

        // The node's thread count, from the checked Delivery options, when the scheduler is built (so the settings of
        // tests and of the environment are seen).
        services.AddOptions<QuartzOptions>().Configure<IOptions<DeliveryOptions>>((quartz, delivery) =>
            quartz.Properties["quartz.threadPool.maxConcurrency"] = delivery.Value.NodeThreads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = SchedulerName;
                // A node also looks for work that other nodes scheduled this often (its own it sees at once).
                s.IdleWaitTime = TimeSpan.FromSeconds(5);
                // Asked to stop at shutdown, a run stops after the mail in hand and is handed back for recovery.
                s.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
            });
            q.UsePersistentStore(store =>
            {
                // Read when the scheduler is built, so the connection string of tests and the environment is seen.
                store.UsePostgres(ds => ds.ConnectionStringName = DependencyInjection.ConnectionStringName);
                store.ConfigureStore(o =>
                {
                    o.TablePrefix = TablePrefix;
                    o.StoreJobDataAsStrings = true;
                    // Sending is scheduled inside the transaction that queues the mails (DeliveryService).
                    o.AcceptEnlistedTransactions = true;
                    o.RecoverFiringsCancelledByShutdown = true;
                    // A run more than this late (a dead node's, recovered) is handed to the misfire handler, which
                    // looks this often and fires it at once; Quartz's one minute would stall a resumed batch.
                    o.MisfireThreshold = TimeSpan.FromSeconds(10);
                });
                store.UseClustering(c =>
                {
                    c.CheckinInterval = TimeSpan.FromSeconds(5);
                    c.CheckinMisfireThreshold = TimeSpan.FromSeconds(10);
                });
            });
            q.AddJob<CertificateDeliveryJob>(j => j.WithIdentity(DeliveryScheduler.JobKey).StoreDurably().RequestRecovery());
            q.AddJob<MailJob>(j => j.WithIdentity(MailQueue.JobKey).StoreDurably().RequestRecovery());
        });
        return builder;
    }
}
