namespace K3Competency.Application.Data;

/// <summary>
/// A key the app makes for itself when configuration gives none (the check-in token key), kept in PostgreSQL
/// protected by Data Protection, so every instance uses the same one and the table alone does not reveal it.
/// </summary>
public sealed class AppSecret
{
    public string Name { get; set; } = "";
    public string ProtectedValue { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
