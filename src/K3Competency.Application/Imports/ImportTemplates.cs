using System.Text;
using K3Competency.Domain;
using MiniExcelLibs;

namespace K3Competency.Application.Imports;

/// <summary>The downloadable templates of each file kind (DESIGN §6): header row and one example row.</summary>
public static class ImportTemplates
{
    /// <summary>The columns of a file kind in template order; required ones are marked.</summary>
    public static IReadOnlyList<ImportColumn> Columns(UploadKind kind) => ImportKind.For(kind).Columns;

    /// <summary>Header line and one example row (with a valid NIK), ';'-separated as Indonesian Excel expects.</summary>
    public static string Csv(UploadKind kind)
    {
        var columns = Columns(kind);
        return CsvText.Line(columns.Select(c => c.Name)) + CsvText.Line(columns.Select(c => c.Example));
    }

    /// <summary><see cref="Csv"/> as UTF-8 with BOM, so Excel shows names with accents correctly.</summary>
    public static byte[] CsvBytes(UploadKind kind) => [.. CsvText.Utf8WithBom.GetPreamble(), .. Encoding.UTF8.GetBytes(Csv(kind))];

    /// <summary>The same template as an XLSX workbook; every cell is text, so the example NIK keeps its 16 digits.</summary>
    public static byte[] Xlsx(UploadKind kind)
    {
        var row = new Dictionary<string, object?>();
        foreach (var column in Columns(kind))
        {
            row[column.Name] = column.Example;
        }
        using var stream = new MemoryStream();
        stream.SaveAs(new[] { row }, sheetName: "Data", excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    /// <summary>templat-pendaftaran.csv, templat-kehadiran.xlsx, templat-nilai.csv …</summary>
    public static string FileName(UploadKind kind, ImportFormat format) =>
        $"templat-{KindName(kind)}.{(format == ImportFormat.Xlsx ? "xlsx" : "csv")}";

    internal static string KindName(UploadKind kind) => kind switch
    {
        UploadKind.Registrations => "pendaftaran",
        UploadKind.Attendance => "kehadiran",
        _ => "nilai",
    };
}
