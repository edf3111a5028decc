namespace K3Competency.Application.Imports;

/// <summary>A column of an import file as the template names it (DESIGN §6 table).</summary>
public sealed record ImportColumn(string Name, bool Required, string Example);

/// <summary>One cell as read; <see cref="Numeric"/> when an XLSX cell held a number rather than text.</summary>
internal readonly record struct Cell(string? Text, bool Numeric = false)
{
    public bool IsBlank => string.IsNullOrWhiteSpace(Text);

    /// <summary>The trimmed text, or null when blank.</summary>
    public string? Value => IsBlank ? null : Text!.Trim();
}
