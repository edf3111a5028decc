namespace K3Competency.Application.Data;

/// <summary>
/// The bytes of an upload kept to be read again: a meeting report is re-applied after someone links an unmatched
/// name (DESIGN §10.2). In PostgreSQL, so every instance sees it and nothing of it lies on an app server's disk.
/// Written and read as a stream through Npgsql, never loaded through EF.
/// </summary>
public sealed class UploadFile
{
    public long UploadId { get; set; }
    public byte[] Content { get; set; } = [];
}
