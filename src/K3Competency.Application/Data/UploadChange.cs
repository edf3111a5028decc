namespace K3Competency.Application.Data;

/// <summary>
/// One row a committed import updated, so the upload can be undone (issue 12): its before-values (only the columns the
/// import writes). The xmin values tell whether the row is still as this upload left it: anything that writes the row
/// later gives it another xmin. The rows an import inserted are in <see cref="UploadInsert"/> (older imports recorded them
/// here, with no <see cref="Before"/>, and so does an undo that restores a row an earlier import inserted); every reader
/// reads both through <see cref="UploadChangeEntry"/>. Written set-based by the import's merge statements, never through EF.
/// </summary>
public sealed class UploadChange : RecordedUploadRow;

/// <summary>
/// The rows one merge statement of a committed import inserted into one table, as one row: their ids and the xmin they
/// all got (the statement's transaction id). One row instead of one per inserted row: a 100,000-row file of new
/// attendance wrote 100,000 log rows and two index entries each (ADR 0008, "Inserted rows").
/// </summary>
public sealed class UploadInsert
{
    public long UploadId { get; set; }
    /// <summary>"participants", "registrations" or "attendances".</summary>
    public string TableName { get; set; } = "";
    public long[] RowIds { get; set; } = [];
    public uint AfterXmin { get; set; }
}

/// <summary>
/// A row of the view upload_change_rows: every row an import recorded, one per upload, table and row, whether it was
/// updated (from <see cref="UploadChange"/>) or inserted (from the arrays of <see cref="UploadInsert"/>).
/// </summary>
public sealed class UploadChangeEntry : RecordedUploadRow;

/// <summary>
/// A recorded row as <see cref="UploadChange"/> stores it and <see cref="UploadChangeEntry"/> reads it: one shape for the
/// table and the view over both logs, configured once (<c>RecordedUploadRowConfiguration</c>).
/// </summary>
public abstract class RecordedUploadRow
{
    public long UploadId { get; set; }
    /// <summary>"participants", "registrations" or "attendances".</summary>
    public string TableName { get; set; } = "";
    public long RowId { get; set; }
    /// <summary>The row's columns before the upload as JSON; null when the upload inserted the row.</summary>
    public string? Before { get; set; }
    public uint? BeforeXmin { get; set; }
    public uint AfterXmin { get; set; }
}
