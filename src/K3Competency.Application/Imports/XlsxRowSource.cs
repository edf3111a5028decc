using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace K3Competency.Application.Imports;

/// <summary>
/// The first sheet of an XLSX, read with an <see cref="XmlReader"/> straight from the zip entry. The zip
/// directory is checked first so a zip bomb is refused before anything is unpacked; DTDs are refused (XXE).
/// The work is bounded by what the file really holds: the declared &lt;dimension&gt; is ignored, rows missing
/// from the sheet are not produced, empty cells are skipped without materialising the columns before them,
/// and a cell with content beyond <see cref="ImportOptions.MaxColumns"/> refuses the file (a workbook whose
/// only extra cell sits in column XFD once cost a core for hours through a library that filled every column).
/// Numbers keep a flag, because a NIK typed as a number has already lost its last digit in Excel (DESIGN §6).
/// </summary>
internal sealed class XlsxRowSource : RowSource
{
    private const string Unreadable =
        "Berkas XLSX tidak dapat dibaca (rusak atau bukan buku kerja Excel). Simpan ulang dari Excel sebagai Excel Workbook (.xlsx) atau CSV UTF-8.";

    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// <summary>Shared strings above this size go to a temporary file instead of memory.</summary>
    private const long InMemorySharedStrings = 8L * 1024 * 1024;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    private readonly ZipArchive _zip;
    private readonly XmlReader _sheet;
    private readonly SharedStrings _strings;
    private readonly bool[] _dateStyles;
    private readonly int _maxColumns;
    private int _lastRow;
    private bool _done;

    private XlsxRowSource(ZipArchive zip, XmlReader sheet, SharedStrings strings, bool[] dateStyles, int maxColumns)
    {
        _zip = zip;
        _sheet = sheet;
        _strings = strings;
        _dateStyles = dateStyles;
        _maxColumns = maxColumns;
    }

    public static XlsxRowSource Open(Stream file, ImportOptions options, CancellationToken ct)
    {
        CheckZip(file, options);
        file.Position = 0;
        ZipArchive? zip = null;
        SharedStrings? strings = null;
        try
        {
            zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            var parts = Parts.Find(zip);
            strings = SharedStrings.Read(zip.GetEntry(parts.SharedStrings), ct);
            var dateStyles = DateStyles(zip.GetEntry(parts.Styles));
            var sheetEntry = zip.GetEntry(parts.Sheet) ?? throw new ImportFileException(Unreadable);
            var sheet = XmlReader.Create(sheetEntry.Open(), Settings);
            return new XlsxRowSource(zip, sheet, strings, dateStyles, options.MaxColumns);
        }
        catch (Exception e) when (e is not ImportFileException and not OperationCanceledException)
        {
            strings?.Dispose();
            zip?.Dispose();
            throw new ImportFileException(Unreadable);
        }
        catch
        {
            strings?.Dispose();
            zip?.Dispose();
            throw;
        }
    }

    public override bool Next(List<Cell> cells, out int rowNumber, CancellationToken ct)
    {
        cells.Clear();
        rowNumber = 0;
        if (_done)
        {
            return false;
        }
        try
        {
            return ReadRow(cells, out rowNumber, ct);
        }
        catch (Exception e) when (e is XmlException or InvalidDataException or FormatException or OverflowException or ArgumentException)
        {
            throw new ImportFileException(Unreadable);
        }
    }

    private bool ReadRow(List<Cell> cells, out int rowNumber, CancellationToken ct)
    {
        var r = _sheet;
        while (r.Read())
        {
            if (r.NodeType != XmlNodeType.Element || r.LocalName != "row" || r.NamespaceURI != MainNs)
            {
                continue;
            }
            rowNumber = int.TryParse(r.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > _lastRow ? n : _lastRow + 1;
            _lastRow = rowNumber;
            if (r.IsEmptyElement)
            {
                return true;
            }
            var depth = r.Depth;
            var column = -1;
            var seen = 0;
            while (r.Read() && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
            {
                if (r.NodeType != XmlNodeType.Element || r.LocalName != "c")
                {
                    continue;
                }
                if ((++seen & 0xFFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }
                column = ColumnOf(r.GetAttribute("r")) ?? column + 1;
                var cell = ReadCell(r);
                if (cell.IsBlank)
                {
                    continue;
                }
                if (column >= _maxColumns)
                {
                    throw new ImportFileException(
                        $"Lembar kerja berisi data di kolom {ColumnName(column)} (baris {rowNumber}), jauh di luar kolom templat. " +
                        $"Hanya {_maxColumns} kolom pertama (A sampai {ColumnName(_maxColumns - 1)}) yang dibaca; hapus isi kolom sesudahnya " +
                        "atau salin data templat ke lembar kerja baru, lalu unggah ulang.");
                }
                while (cells.Count <= column)
                {
                    cells.Add(default);
                }
                cells[column] = cell;
            }
            return true;
        }
        _done = true;
        rowNumber = 0;
        return false;
    }

    /// <summary>Reads one &lt;c&gt; element, leaving the reader on its end.</summary>
    private Cell ReadCell(XmlReader r)
    {
        var type = r.GetAttribute("t");
        var style = int.TryParse(r.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        if (r.IsEmptyElement)
        {
            return default;
        }
        string? value = null;
        string? inline = null;
        var depth = r.Depth;
        r.Read();
        while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "v")
            {
                // Moves past </v> itself.
                value = r.ReadElementContentAsString();
            }
            else if (r.NodeType == XmlNodeType.Element && r.LocalName == "is")
            {
                inline = StringItem(r);
                r.Read();
            }
            else
            {
                r.Read();
            }
        }
        return type switch
        {
            "s" => value is null ? default : new Cell(Clean(_strings[int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture)])),
            "inlineStr" => inline is null ? default : new Cell(Clean(inline)),
            "str" or "e" => value is null ? default : new Cell(Clean(value)),
            "b" => value is null ? default : new Cell(value == "1" ? "TRUE" : "FALSE"),
            "d" => value is null ? default
                : DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var iso) ? ToCell(iso) : new Cell(Clean(value)),
            _ => value is null ? default : Number(value, style),
        };
    }

    private Cell Number(string text, int style)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return new Cell(Clean(text));
        }
        // A date-formatted cell holds an OLE date; it carries WIB wall-clock time (DESIGN §5.6).
        if (style < _dateStyles.Length && _dateStyles[style] && d is > -657435.0 and < 2958466.0)
        {
            return ToCell(DateTime.FromOADate(d));
        }
        return ToCell(d);
    }

    /// <summary>The text of an &lt;si&gt; or &lt;is&gt;: its &lt;t&gt; runs, without phonetic guides; leaves the reader on its end.</summary>
    private static string StringItem(XmlReader r)
    {
        if (r.IsEmptyElement)
        {
            return "";
        }
        var depth = r.Depth;
        StringBuilder? sb = null;
        string? single = null;
        r.Read();
        while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "rPh")
            {
                r.Skip();
            }
            else if (r.NodeType == XmlNodeType.Element && r.LocalName == "t")
            {
                var text = r.ReadElementContentAsString();
                if (single is null && sb is null)
                {
                    single = text;
                }
                else
                {
                    sb ??= new StringBuilder(single);
                    sb.Append(text);
                }
            }
            else
            {
                r.Read();
            }
        }
        return sb?.ToString() ?? single ?? "";
    }

    public override void Dispose()
    {
        _sheet.Dispose();
        _strings.Dispose();
        _zip.Dispose();
    }

    internal static Cell ToCell(object? value) => value switch
    {
        null => default,
        string s => new Cell(Clean(s)),
        // No exponent: 3578080102030001 must read back as those digits in the error message. Like Excel,
        // 15 significant digits: a NIK typed as a number shows the digit it lost.
        double d => new Cell(d.ToString("0.##########", CultureInfo.InvariantCulture), Numeric: true),
        DateTime t => new Cell(t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
        _ => new Cell(Clean(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")),
    };

    /// <summary>"B7" → 1; null when the reference is missing or not a cell reference.</summary>
    internal static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }
        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            column = (column * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            if (column > 16384)
            {
                return null;
            }
        }
        return i == 0 ? null : column - 1;
    }

    internal static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }
        return name;
    }

    /// <summary>Which cell styles (cellXfs index) show a number as a date or time.</summary>
    private static bool[] DateStyles(ZipArchiveEntry? styles)
    {
        if (styles is null)
        {
            return [];
        }
        var custom = new Dictionary<int, string>();
        var result = new List<bool>();
        using var r = XmlReader.Create(styles.Open(), Settings);
        var inCellXfs = false;
        while (r.Read())
        {
            if (r.NodeType == XmlNodeType.EndElement && r.LocalName == "cellXfs")
            {
                inCellXfs = false;
            }
            if (r.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            switch (r.LocalName)
            {
                case "numFmt" when int.TryParse(r.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id):
                    custom[id] = r.GetAttribute("formatCode") ?? "";
                    break;
                case "cellXfs":
                    inCellXfs = !r.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
                    var fmt = int.TryParse(r.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : 0;
                    result.Add(custom.TryGetValue(fmt, out var code) ? IsDateFormat(code) : IsBuiltInDate(fmt));
                    break;
            }
        }
        return [.. result];
    }

    // ECMA-376 §18.8.30: the built-in date and time formats.
    private static bool IsBuiltInDate(int id) => id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58);

    /// <summary>A format code with a date or time part outside quoted text, escapes and [colour] sections.</summary>
    internal static bool IsDateFormat(string code)
    {
        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (quoted)
            {
                continue;
            }
            else if (c == '\\' || c == '_' || c == '*')
            {
                i++;
            }
            else if (c == '[')
            {
                bracket = true;
            }
            else if (c == ']')
            {
                bracket = false;
            }
            else if (!bracket && char.ToLowerInvariant(c) is 'y' or 'd' or 'm' or 'h' or 's')
            {
                return true;
            }
        }
        return false;
    }

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

    /// <summary>Where the first sheet, the shared strings and the styles live (xl/workbook.xml and its relationships).</summary>
    private sealed record Parts(string Sheet, string SharedStrings, string Styles)
    {
        public static Parts Find(ZipArchive zip)
        {
            string? firstSheetRel = null;
            using (var r = XmlReader.Create(zip.GetEntry("xl/workbook.xml")!.Open(), Settings))
            {
                while (r.Read())
                {
                    if (r.NodeType == XmlNodeType.Element && r.LocalName == "sheet")
                    {
                        firstSheetRel = r.GetAttribute("id", RelNs);
                        break;
                    }
                }
            }
            var targets = new Dictionary<string, (string Type, string Target)>(StringComparer.Ordinal);
            if (zip.GetEntry("xl/_rels/workbook.xml.rels") is { } rels)
            {
                using var r = XmlReader.Create(rels.Open(), Settings);
                while (r.Read())
                {
                    if (r.NodeType == XmlNodeType.Element && r.LocalName == "Relationship" && r.NamespaceURI == PackageRelNs
                        && r.GetAttribute("Id") is { } id && r.GetAttribute("Target") is { } target)
                    {
                        targets[id] = (r.GetAttribute("Type") ?? "", Resolve(target));
                    }
                }
            }
            var sheet = firstSheetRel is not null && targets.TryGetValue(firstSheetRel, out var s) ? s.Target : "xl/worksheets/sheet1.xml";
            var strings = targets.Values.FirstOrDefault(t => t.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target ?? "xl/sharedStrings.xml";
            var styles = targets.Values.FirstOrDefault(t => t.Type.EndsWith("/styles", StringComparison.Ordinal)).Target ?? "xl/styles.xml";
            return new Parts(sheet, strings, styles);
        }

        // Targets are relative to xl/, or absolute from the package root.
        private static string Resolve(string target) => target.StartsWith('/') ? target[1..] : "xl/" + target;
    }

    /// <summary>
    /// The shared string table, indexed as the sheet refers to it. A small table is kept in memory; a large
    /// one is written to an unlinked temporary file, so memory stays flat whatever the workbook.
    /// </summary>
    private sealed class SharedStrings : IDisposable
    {
        private readonly List<string>? _memory;
        private readonly FileStream? _file;
        private readonly List<long>? _offsets;

        private SharedStrings(List<string>? memory, FileStream? file, List<long>? offsets)
        {
            _memory = memory;
            _file = file;
            _offsets = offsets;
        }

        public string this[int index]
        {
            get
            {
                if (_memory is not null)
                {
                    return _memory[index];
                }
                var start = _offsets![index];
                var length = (int)(_offsets[index + 1] - start);
                var bytes = new byte[length];
                RandomAccess.Read(_file!.SafeFileHandle, bytes, start);
                return Encoding.UTF8.GetString(bytes);
            }
        }

        public static SharedStrings Read(ZipArchiveEntry? entry, CancellationToken ct)
        {
            if (entry is null)
            {
                return new SharedStrings([], null, null);
            }
            List<string>? memory = entry.Length <= InMemorySharedStrings ? [] : null;
            FileStream? file = null;
            List<long>? offsets = null;
            if (memory is null)
            {
                var path = Path.Combine(Path.GetTempPath(), $"k3-strings-{Guid.NewGuid():N}.tmp");
                file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
                if (!OperatingSystem.IsWindows())
                {
                    File.Delete(path);
                }
                offsets = [0];
            }
            try
            {
                using var r = XmlReader.Create(entry.Open(), Settings);
                var count = 0;
                while (r.Read())
                {
                    if (r.NodeType != XmlNodeType.Element || r.LocalName != "si")
                    {
                        continue;
                    }
                    if ((++count & 0xFFF) == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                    }
                    var text = StringItem(r);
                    if (memory is not null)
                    {
                        memory.Add(text);
                    }
                    else
                    {
                        var bytes = Encoding.UTF8.GetBytes(text);
                        file!.Write(bytes);
                        offsets!.Add(offsets[^1] + bytes.Length);
                    }
                }
                file?.Flush();
                return new SharedStrings(memory, file, offsets);
            }
            catch
            {
                file?.Dispose();
                throw;
            }
        }

        public void Dispose() => _file?.Dispose();
    }
}
