using Microsoft.Extensions.Options;

namespace K3Competency.Application.Deliveries;

/// <summary>How certificate mails are sent (DESIGN §11): <c>Delivery__PerMinute</c> and the retry and claim settings.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Mails per minute across every app instance, evenly spaced; 0 sends as fast as the server takes them.</summary>
    public int PerMinute { get; set; }

    /// <summary>Attempts per mail before a temporary failure (4xx, no connection) counts as failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first temporary failure; it doubles after each further one, up to <see cref="RetryMaxSeconds"/>.</summary>
    public int RetryBaseSeconds { get; set; } = 60;
    public int RetryMaxSeconds { get; set; } = 3600;

    /// <summary>
    /// How long a sender holds a mail it is working on. A mail whose sender died is taken over once this has
    /// passed, so it bounds how late a crashed run resumes; a send that takes longer is cut off before it.
    /// </summary>
    public int ClaimSeconds { get; set; } = 120;

    /// <summary>Background runs started per request, so that several app instances share one batch.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>
    /// Background runs one app instance executes at once (the job engine's threads on this node). A node whose
    /// runs are all busy leaves the batch's other runs to the other instances.
    /// </summary>
    public int NodeThreads { get; set; } = 10;

    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(RetryMaxSeconds, RetryBaseSeconds * Math.Pow(2, Math.Max(0, attempts - 1))));

    public TimeSpan Spacing => PerMinute > 0 ? TimeSpan.FromMinutes(1) / PerMinute : TimeSpan.Zero;
}

public sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions o)
    {
        var errors = new List<string>();
        if (o.PerMinute < 0)
        {
            errors.Add("Delivery:PerMinute must be 0 (no throttling) or more.");
        }
        if (o.MaxAttempts < 1)
        {
            errors.Add("Delivery:MaxAttempts must be at least 1.");
        }
        if (o.RetryBaseSeconds < 1 || o.RetryMaxSeconds < o.RetryBaseSeconds)
        {
            errors.Add("Delivery:RetryBaseSeconds must be at least 1 and Delivery:RetryMaxSeconds at least as long.");
        }
        if (o.ClaimSeconds < 5)
        {
            errors.Add("Delivery:ClaimSeconds must be at least 5.");
        }
        if (o.Workers is < 1 or > 16)
        {
            errors.Add("Delivery:Workers must be between 1 and 16.");
        }
        if (o.NodeThreads is < 1 or > 64)
        {
            errors.Add("Delivery:NodeThreads must be between 1 and 64.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
