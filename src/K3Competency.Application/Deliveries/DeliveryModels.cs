namespace K3Competency.Application.Deliveries;

/// <summary>A valid certificate of the batch as the send page lists it: who, where to, and what became of an earlier mail.</summary>
public sealed record DeliveryCandidate(string Number, string ParticipantName, string? MaskedEmail, string? Status);

/// <summary>
/// What "Kirim sertifikat" would do (DESIGN §11): the recipients it would queue now, those already sent, queued
/// or failed, the certificates whose holder has no e-mail, and the mail the first recipient would get.
/// </summary>
public sealed record DeliveryPreview(
    int BatchId,
    IReadOnlyList<DeliveryCandidate> ToSend,
    IReadOnlyList<DeliveryCandidate> WithoutEmail,
    int AlreadySent,
    int Queued,
    int Failed,
    SampleMail? Sample);

public sealed record SampleMail(string To, string Subject, string Text, string AttachmentName);

/// <summary>The answer to a send request (DESIGN §12: 202 {jobId, recipients}): the background run and the mails it queued.</summary>
public sealed record SendStarted(string JobId, int Recipients);

/// <summary>One recipient's state; the address masked, the error only for a failed (or retried) mail.</summary>
public sealed record DeliveryItem(long Id, string Number, string ParticipantName, string Email, string Status, int Attempts, string? Error, DateTime? SentAt);

/// <summary>DESIGN §12 deliveries: {total, queued, sent, failed, items}.</summary>
public sealed record DeliveryReport(int Total, int Queued, int Sent, int Failed, IReadOnlyList<DeliveryItem> Items);
