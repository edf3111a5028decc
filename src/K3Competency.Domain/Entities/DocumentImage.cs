namespace K3Competency.Domain.Entities;

/// <summary>
/// An image printed on certificates, uploaded by an Admin and kept in PostgreSQL (so every app instance prints
/// the same): the logo (one, no programme) or a programme's signature. Stored already normalised to PNG.
/// </summary>
public sealed class DocumentImage
{
    public int Id { get; set; }
    public DocumentImageKind Kind { get; set; }
    public int? ProgrammeId { get; set; }
    public string ContentType { get; set; } = "image/png";
    public byte[] Content { get; set; } = [];
    public int Width { get; set; }
    public int Height { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}
