using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
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

    /// <summary>
    /// The same template as an XLSX workbook whose columns are formatted as Text, so a NIK or a phone number
    /// typed into it stays as written instead of becoming a number that loses digits (DESIGN §6).
    /// </summary>
    public static byte[] Xlsx(UploadKind kind)
    {
        var columns = Columns(kind);
        var row = new Dictionary<string, object?>();
        foreach (var column in columns)
        {
            row[column.Name] = column.Example;
        }
        using var stream = new MemoryStream();
        stream.SaveAs(new[] { row }, sheetName: "Data", excelType: ExcelType.XLSX);
        FormatColumnsAsText(stream, columns.Count);
        return stream.ToArray();
    }

    /// <summary>MiniExcel styles cells, not columns; a &lt;cols&gt; entry with the built-in Text format (49) covers new rows too.</summary>
    private static void FormatColumnsAsText(MemoryStream workbook, int columnCount)
    {
        using var zip = new ZipArchive(workbook, ZipArchiveMode.Update, leaveOpen: true);
        var styles = Load(zip, "xl/styles.xml");
        var x = styles.Root!.Name.Namespace;
        var cellXfs = styles.Root.Element(x + "cellXfs")!;
        cellXfs.Add(new XElement(x + "xf",
            new XAttribute("numFmtId", 49), new XAttribute("fontId", 0), new XAttribute("fillId", 0),
            new XAttribute("borderId", 0), new XAttribute("xfId", 0), new XAttribute("applyNumberFormat", 1)));
        var textStyle = cellXfs.Elements(x + "xf").Count() - 1;
        cellXfs.SetAttributeValue("count", textStyle + 1);
        Save(zip, "xl/styles.xml", styles);

        var sheet = Load(zip, "xl/worksheets/sheet1.xml");
        sheet.Root!.Element(x + "sheetData")!.AddBeforeSelf(new XElement(x + "cols",
            new XElement(x + "col", new XAttribute("min", 1), new XAttribute("max", columnCount), new XAttribute("width", 22),
                new XAttribute("style", textStyle), new XAttribute("customWidth", 1))));
        Save(zip, "xl/worksheets/sheet1.xml", sheet);
    }

    private static XDocument Load(ZipArchive zip, string name)
    {
        using var entry = zip.GetEntry(name)!.Open();
        return XDocument.Load(entry);
    }

    private static void Save(ZipArchive zip, string name, XDocument document)
    {
        zip.GetEntry(name)!.Delete();
        using var entry = zip.CreateEntry(name).Open();
        document.Save(entry);
    }

    /// <summary>templat-pendaftaran.csv, templat-kehadiran.xlsx, templat-nilai.csv …</summary>
    public static string FileName(UploadKind kind, ImportFormat format) =>
        $"templat-{KindName(kind)}.{(format == ImportFormat.Xlsx ? "xlsx" : "csv")}";

    internal static string KindName(UploadKind kind) => kind switch
    {
        UploadKind.Registrations => "pendaftaran",
        UploadKind.Attendance => "kehadiran",
        UploadKind.MeetingReport => "laporan-rapat",
        _ => "nilai",
    };
}
