using System.Text.Json.Serialization;

namespace K3Competency.Application.Imports;

/// <summary>
/// The answer to an import (DESIGN §7): <c>{rows, inserted, updated, unchanged, rejected, committed, errors, uploadId}</c>.
/// In strict mode a file with any error writes nothing, so inserted/updated/unchanged are 0 there; a dry run
/// reports what the same upload without dryRun would do.
/// </summary>
public sealed record ImportReport(
    int Rows,
    int Inserted,
    int Updated,
    int Unchanged,
    int Rejected,
    bool Committed,
    IReadOnlyList<ImportError> Errors)
{
    /// <summary>The Upload row that records this import: for the error-report download and its undo (issue 12).</summary>
    public long UploadId { get; init; }

    [JsonIgnore]
    public bool DryRun { get; init; }

    /// <summary>The kept file of a preview made with <see cref="ImportRequest.KeepForCommit"/>, for "Impor"; null otherwise.</summary>
    [JsonIgnore]
    public Guid? SpoolId { get; init; }

    /// <summary>The kind's own figures (a meeting report's <see cref="MeetingReports.MeetingReportSummary"/>), or null.</summary>
    [JsonIgnore]
    public object? Details { get; init; }

    /// <summary>Strict import refused because of row errors: the API answers 422 with this report.</summary>
    [JsonIgnore]
    public bool RefusedAsWhole => !DryRun && !Committed && Rejected > 0;
}

/// <summary>
/// One problem in one cell: the spreadsheet row (header = 1), the column name of the template, the value
/// as written, and what to fix. Row 0 is the closing line that counts errors beyond the reported maximum.
/// </summary>
public sealed record ImportError(int Row, string Column, string? Value, string Message);
