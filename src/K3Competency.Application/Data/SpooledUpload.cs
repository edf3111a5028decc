using K3Competency.Domain;

namespace K3Competency.Application.Data;

/// <summary>
/// A previewed file kept so "Impor" commits that very file without choosing it again (issue 12): bound to its
/// uploader, batch and kind, checked by its SHA-256, deleted on commit or once expired. In PostgreSQL, so any
/// instance can commit it and nothing of it lies in clear on an app server's disk after the request.
/// Written and read as a stream through Npgsql, never loaded through EF.
/// </summary>
public sealed class SpooledUpload
{
    public Guid Id { get; set; }
    public string UploadedBy { get; set; } = "";
    public int BatchId { get; set; }
    public UploadKind Kind { get; set; }
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}
