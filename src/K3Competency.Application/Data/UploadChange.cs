namespace K3Competency.Application.Data;

/// <summary>
/// One row a committed import changed, so the upload can be undone (issue 12): the ids of inserted rows (no
/// <see cref="Before"/>), the before-values of updated rows (only the columns the import writes). The xmin values
/// tell whether the row is still as this upload left it: anything that writes the row later gives it another xmin.
/// Written set-based by the import's merge statements, never through EF.
/// </summary>
public sealed class UploadChange
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
