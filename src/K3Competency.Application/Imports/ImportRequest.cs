using K3Competency.Application.Identity;
using K3Competency.Domain;

namespace K3Competency.Application.Imports;

/// <summary>One bulk upload as the page or the API received it (DESIGN §6).</summary>
public sealed record ImportRequest(UploadKind Kind, int BatchId, string FileName, Actor Actor)
{
    /// <summary>Validate and report, write nothing (the preview step).</summary>
    public bool DryRun { get; init; }

    /// <summary>Write the valid rows and report the rest; the default (strict) writes nothing when any row is wrong.</summary>
    public bool Partial { get; init; }

    /// <summary>Overrides <see cref="ImportOptions.MaxFileBytes"/> for this upload.</summary>
    public long? MaxBytes { get; init; }

    /// <summary>Why the file is imported; required (and audited) when Staff or Admin correct a finished batch.</summary>
    public string? Reason { get; init; }

    /// <summary>The length the client declared (Content-Length), so an oversized file is refused unread.</summary>
    public long? DeclaredLength { get; init; }

    /// <summary>The session a meeting report is for (DESIGN §10.2); required for that kind, ignored by the others.</summary>
    public int? SessionNumber { get; init; }

    /// <summary>
    /// A preview that keeps its file in PostgreSQL (30 minutes, for this uploader, batch and kind), so "Impor" can
    /// commit it with <see cref="ImportService.ImportSpooledAsync"/>; the report carries its id.
    /// </summary>
    public bool KeepForCommit { get; init; }

    /// <summary>The SHA-256 the file must have: the spooled file committed is the one previewed.</summary>
    internal string? ExpectedSha256 { get; init; }

    /// <summary>
    /// False for a look at a stored report (the review page): a dry run that leaves no Upload behind. Every upload a
    /// person makes is recorded.
    /// </summary>
    internal bool Record { get; init; } = true;
}
