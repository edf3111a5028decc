namespace K3Competency.Application.Imports;

/// <summary>Limits of the bulk import (configuration section "Imports").</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>Largest upload accepted (DESIGN §6: default 20 MB); larger files are refused before parsing.</summary>
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>An XLSX whose entries unpack to more than this is treated as a zip bomb.</summary>
    public long MaxUncompressedBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>A real workbook has a few dozen entries; thousands mean a crafted file.</summary>
    public int MaxZipEntries { get; set; } = 10_000;

    /// <summary>
    /// Spreadsheet XML compresses roughly 5-30x; an entry packed tighter than this is refused as a zip bomb
    /// (deflate tops out near 1000x, which is what bombs use).
    /// </summary>
    public int MaxCompressionRatio { get; set; } = 200;

    /// <summary>
    /// Columns read from a file: the templates need at most a dozen, and a few more of the uploader's own
    /// notes are ignored. A cell with content beyond this refuses the file instead of costing work per column.
    /// </summary>
    public int MaxColumns { get; set; } = 64;

    /// <summary>How long an upload waits for another upload of the same batch to finish before it answers 409.</summary>
    public int BatchLockWaitSeconds { get; set; } = 60;

    /// <summary>Row errors returned and kept per upload; the rest are counted in one closing line.</summary>
    public int MaxReportedErrors { get; set; } = 10_000;
}
