using System.Globalization;
using System.IO.Compression;
using MiniExcelLibs;

namespace K3Competency.Application.Imports;

/// <summary>
/// The first sheet of an XLSX through MiniExcel's streaming query. The zip directory is checked first so a
/// zip bomb is refused before anything is unpacked. Numbers keep a flag, because a NIK typed as a number
/// has already lost its last digit in Excel (DESIGN §6).
/// </summary>
internal sealed class XlsxRowSource : RowSource
{
    private const string Unreadable =
        "Berkas XLSX tidak dapat dibaca (rusak atau bukan buku kerja Excel). Simpan ulang dari Excel sebagai Excel Workbook (.xlsx) atau CSV UTF-8.";

    private readonly IEnumerator<object> _rows;
    private List<string>? _columnKeys;
    private int _rowNumber;

    private XlsxRowSource(IEnumerator<object> rows) => _rows = rows;

    public static XlsxRowSource Open(Stream file, ImportOptions options)
    {
        CheckZip(file, options);
        file.Position = 0;
        try
        {
            IEnumerable<object> rows = file.Query(useHeaderRow: false, excelType: ExcelType.XLSX);
            return new XlsxRowSource(rows.GetEnumerator());
        }
        catch (Exception e) when (e is not ImportFileException)
        {
            throw new ImportFileException(Unreadable);
        }
    }

    public override bool Next(List<Cell> cells, out int rowNumber)
    {
        cells.Clear();
        rowNumber = 0;
        bool more;
        try
        {
            more = _rows.MoveNext();
        }
        catch (Exception e) when (e is not ImportFileException and not OperationCanceledException)
        {
            throw new ImportFileException(Unreadable);
        }
        if (!more)
        {
            return false;
        }
        // MiniExcel yields one item per sheet row, gaps included, so the count is the row number.
        rowNumber = ++_rowNumber;
        var row = (IDictionary<string, object?>)_rows.Current;
        if (_columnKeys is null)
        {
            if (row.Values.All(v => v is null || (v is string s && string.IsNullOrWhiteSpace(s))))
            {
                // Blank rows above the header: the header is the first row with content.
                return true;
            }
            _columnKeys = [.. row.Keys];
        }
        foreach (var key in _columnKeys)
        {
            cells.Add(row.TryGetValue(key, out var value) ? ToCell(value) : default);
        }
        return true;
    }

    public override void Dispose() => _rows.Dispose();

    internal static Cell ToCell(object? value) => value switch
    {
        null => default,
        string s => new Cell(Clean(s)),
        // No exponent: 3578080102030001 must read back as those digits in the error message.
        double d => new Cell(d.ToString("0.##########", CultureInfo.InvariantCulture), Numeric: true),
        float f => new Cell(((double)f).ToString("0.##########", CultureInfo.InvariantCulture), Numeric: true),
        decimal m => new Cell(m.ToString(CultureInfo.InvariantCulture), Numeric: true),
        int or long or short or byte => new Cell(Convert.ToString(value, CultureInfo.InvariantCulture), Numeric: true),
        // A date-formatted cell carries WIB wall-clock time (DESIGN §5.6).
        DateTime t => new Cell(t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
        bool b => new Cell(b ? "TRUE" : "FALSE"),
        _ => new Cell(Clean(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")),
    };

    private static void CheckZip(Stream file, ImportOptions options)
    {
        const string Bomb =
            "Berkas XLSX ini ditolak demi keamanan karena isinya yang terkompresi tidak wajar. Simpan ulang dari Excel sebagai Excel Workbook (.xlsx) atau CSV UTF-8.";
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > options.MaxZipEntries)
            {
                throw new ImportFileException(Bomb);
            }
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                var ratio = entry.CompressedLength == 0 ? (entry.Length == 0 ? 0 : double.PositiveInfinity) : (double)entry.Length / entry.CompressedLength;
                if (total > options.MaxUncompressedBytes || (entry.Length > 1024 * 1024 && ratio > options.MaxCompressionRatio))
                {
                    throw new ImportFileException(Bomb);
                }
            }
            if (zip.GetEntry("xl/workbook.xml") is null)
            {
                throw new ImportFileException(Unreadable);
            }
        }
        catch (InvalidDataException)
        {
            throw new ImportFileException(Unreadable);
        }
    }
}
