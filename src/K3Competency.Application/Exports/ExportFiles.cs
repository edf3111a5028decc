using System.Globalization;
using K3Competency.Application.Imports;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace K3Competency.Application.Exports;

/// <summary>
/// Writes an <see cref="ExportTable"/> as CSV (for Indonesian Excel, through <see cref="CsvText"/>) or XLSX. Every text
/// cell goes through <see cref="CsvText.Neutralize"/> (DESIGN §5.7); the NIK column of the XLSX is a text column, so
/// Excel neither rounds it to 15 digits nor turns it into 3,57808E+15 when someone edits the sheet.
/// </summary>
public static class ExportFiles
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    private const string DateTimeFormat = "dd/MM/yyyy HH:mm";

    public static bool IsCsv(string? format) => string.Equals(format?.Trim(), "csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>Only xlsx (the default) and csv; anything else is a mistake worth saying.</summary>
    public static bool IsKnown(string? format) => string.IsNullOrWhiteSpace(format) || IsCsv(format)
                                                   || string.Equals(format.Trim(), "xlsx", StringComparison.OrdinalIgnoreCase);

    public static Task WriteAsync(ExportTable table, Stream output, CancellationToken ct) =>
        table?.Csv == true ? WriteCsvAsync(table, output, ct) : WriteXlsxAsync(table!, output, ct);

    /// <summary>Line by line into the output as the rows arrive from the database: memory does not grow with the list.</summary>
    public static async Task WriteCsvAsync(ExportTable table, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(table);
        await using var writer = new StreamWriter(output, CsvText.Utf8WithBom, bufferSize: 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(CsvText.Line(table.Columns).AsMemory(), ct);
        await foreach (var row in table.Rows.WithCancellation(ct))
        {
            await writer.WriteAsync(CsvText.Line(row.Select(CsvCell)).AsMemory(), ct);
        }
        await writer.FlushAsync(ct);
    }

    /// <summary>
    /// MiniExcel writes rows as it enumerates them but only to a seekable stream, so the workbook goes to a temporary
    /// file deleted on close (never kept after the request), then into the output: memory stays flat for any batch.
    /// </summary>
    public static async Task WriteXlsxAsync(ExportTable table, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(table);
        var path = Path.Combine(Path.GetTempPath(), "k3-export-" + Guid.NewGuid().ToString("N") + ".xlsx");
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var configuration = new OpenXmlConfiguration
        {
            TableStyles = TableStyles.None,
            FreezeRowCount = 1,
            DynamicColumns = [new DynamicExcelColumn(BatchExports.NikColumn) { Format = "@", Width = 20 }],
        };
        // MiniExcel enumerates synchronously; on a pool thread the blocking reads cost a thread, never a request thread.
        await Task.Run(() => MiniExcel.SaveAs(file, Dictionaries(table, ct), sheetName: table.SheetName, excelType: ExcelType.XLSX,
            configuration: configuration), ct);
        file.Position = 0;
        await file.CopyToAsync(output, ct);
    }

    private static IEnumerable<Dictionary<string, object?>> Dictionaries(ExportTable table, CancellationToken ct)
    {
        foreach (var row in table.Rows.ToBlockingEnumerable(ct))
        {
            var cells = new Dictionary<string, object?>(table.Columns.Count, StringComparer.Ordinal);
            for (var i = 0; i < table.Columns.Count; i++)
            {
                cells[table.Columns[i]] = row[i] switch
                {
                    string s => CsvText.Neutralize(s),
                    DateTime d => d.ToString(DateTimeFormat, CultureInfo.InvariantCulture),
                    var value => value,
                };
            }
            yield return cells;
        }
    }

    private static string? CsvCell(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString(DateTimeFormat, CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
