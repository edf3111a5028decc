namespace K3Competency.Domain.Entities;

/// <summary>
/// One certificate e-mailed to one address (DESIGN §3, §11). At most one row per certificate and address, so
/// a certificate is mailed to an address once unless Staff asks again (which queues the same row anew).
/// A sender claims a queued row for a short lease before it talks to the mail server and marks it sent right
/// after, so a crash repeats at most the one mail that was in flight.
/// </summary>
public sealed class Delivery
{
    public long Id { get; set; }
    public long CertificateId { get; set; }
    public Certificate? Certificate { get; set; }
    public int BatchId { get; set; }

    /// <summary>The address as it was when queued (lower case).</summary>
    public string Email { get; set; } = "";
    public DeliveryStatus Status { get; set; }

    /// <summary>Attempts to hand the mail to the server since it was last queued; retries are attempts after the first.</summary>
    public int Attempts { get; set; }

    /// <summary>The server's answer (or why there was none) to the last failed attempt.</summary>
    public string? LastError { get; set; }
    public DateTime QueuedAt { get; set; }
    public string QueuedBy { get; set; } = "";

    /// <summary>Not tried before this instant: the back-off after a temporary failure.</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>A sender holds the row until then; after it, another sender may take it (the first one died).</summary>
    public DateTime? ClaimedUntil { get; set; }
    public Guid? ClaimToken { get; set; }

    /// <summary>The job-engine node that made the last attempt.</summary>
    public string? ClaimedBy { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public DateTime? SentAt { get; set; }
}
