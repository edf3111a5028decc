using System.Text.RegularExpressions;

namespace K3Competency.Application.Imports;

public enum ImportFormat { Csv, Xlsx }

/// <summary>
/// An uploaded CSV or XLSX read row by row into the template's columns (DESIGN §6): format detected from
/// the bytes, header names matched case-insensitively in any order, unknown columns ignored, blank rows
/// skipped, row numbers as the spreadsheet shows them (header = row 1). Nothing is buffered beyond one row.
/// </summary>
internal sealed partial class ImportFile : IDisposable
{
    private readonly RowSource _source;
    private readonly int[] _fileToTemplate;
    private readonly List<Cell> _fileCells = [];

    private ImportFile(RowSource source, ImportFormat format, IReadOnlyList<string> header, int[] fileToTemplate)
    {
        _source = source;
        Format = format;
        Header = header;
        _fileToTemplate = fileToTemplate;
    }

    public ImportFormat Format { get; }

    /// <summary>The header names as written in the file.</summary>
    public IReadOnlyList<string> Header { get; }

    public char? Delimiter => (_source as CsvRowSource)?.Delimiter;

    /// <param name="file">A seekable stream positioned at the start of the upload.</param>
    public static ImportFile Open(Stream file, string? fileName, IReadOnlyList<ImportColumn> columns, ImportOptions options, CancellationToken ct = default)
    {
        if (file.Length == 0)
        {
            throw new ImportFileException("Berkas kosong. Unggah berkas CSV atau XLSX yang berisi baris judul dan data.");
        }
        var format = DetectFormat(file, fileName);
        RowSource source = format == ImportFormat.Xlsx ? XlsxRowSource.Open(file, options, ct) : CsvRowSource.Open(file, options);
        try
        {
            var header = new List<Cell>();
            do
            {
                if (!source.Next(header, out _, ct))
                {
                    throw new ImportFileException("Berkas tidak berisi baris judul. Baris pertama harus memuat nama kolom seperti pada templat.");
                }
            }
            while (header.All(c => c.IsBlank));
            var names = header.Select(c => c.Text?.Trim() ?? "").ToList();
            return new ImportFile(source, format, names, MapHeader(names, columns));
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next non-blank data row into <paramref name="cells"/> (template column order).</summary>
    public bool Read(Cell[] cells, out int rowNumber, CancellationToken ct = default)
    {
        while (_source.Next(_fileCells, out rowNumber, ct))
        {
            ct.ThrowIfCancellationRequested();
            Array.Clear(cells);
            var blank = true;
            var n = Math.Min(_fileCells.Count, _fileToTemplate.Length);
            for (var i = 0; i < n; i++)
            {
                var target = _fileToTemplate[i];
                if (target >= 0)
                {
                    cells[target] = _fileCells[i];
                    blank &= _fileCells[i].IsBlank;
                }
            }
            // Excel leaves rows of empty cells (";;;;") after the data; they are not rows of the import.
            if (!blank)
            {
                return true;
            }
        }
        return false;
    }

    public void Dispose() => _source.Dispose();

    /// <summary>"No. HP", "no-hp" and " NO_HP " all name the column no_hp.</summary>
    internal static string NormalizeHeader(string? name) =>
        HeaderSeparators().Replace((name ?? "").Trim().Trim('\uFEFF', '\u200B').ToLowerInvariant(), "_").Trim('_');

    private static int[] MapHeader(List<string> header, IReadOnlyList<ImportColumn> columns)
    {
        var map = new int[header.Count];
        var seen = new bool[columns.Count];
        for (var i = 0; i < header.Count; i++)
        {
            var name = NormalizeHeader(header[i]);
            map[i] = -1;
            for (var c = 0; c < columns.Count; c++)
            {
                if (columns[c].Name == name)
                {
                    if (seen[c])
                    {
                        throw new ImportFileException($"Kolom \"{columns[c].Name}\" muncul lebih dari sekali di baris judul; hapus salah satunya.");
                    }
                    seen[c] = true;
                    map[i] = c;
                }
            }
        }
        var missing = columns.Where((c, i) => c.Required && !seen[i]).Select(c => c.Name).ToList();
        if (missing.Count > 0)
        {
            var read = header.Where(h => h.Length > 0).ToList();
            var message = (missing.Count == 1
                    ? $"Kolom wajib \"{missing[0]}\" tidak ditemukan di baris judul (baris 1)."
                    : $"Kolom wajib {string.Join(", ", missing.Select(m => $"\"{m}\""))} tidak ditemukan di baris judul (baris 1).")
                + $" Kolom yang dibutuhkan: {string.Join(", ", columns.Where(c => c.Required).Select(c => c.Name))}; unduh templat untuk contoh.";
            if (read.Count <= 1)
            {
                message += " Pisahkan kolom dengan koma (,) atau titik koma (;).";
            }
            if (read.Count > 0)
            {
                message += $" Kolom yang terbaca: {string.Join(", ", read.Take(20))}.";
            }
            throw new ImportFileException(message);
        }
        return map;
    }

    private static ImportFormat DetectFormat(Stream file, string? fileName)
    {
        Span<byte> head = stackalloc byte[8];
        var n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        file.Position = 0;
        head = head[..n];
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return ImportFormat.Xlsx;
        }
        if (head.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }) || extension == ".xls")
        {
            throw new ImportFileException("Berkas Excel 97-2003 (.xls) tidak didukung. Simpan ulang sebagai Excel Workbook (.xlsx) atau CSV UTF-8.");
        }
        if (extension == ".xlsx")
        {
            throw new ImportFileException("Berkas ini bernama .xlsx tetapi isinya bukan XLSX yang dapat dibuka. Simpan ulang dari Excel sebagai Excel Workbook (.xlsx) atau CSV UTF-8.");
        }
        return ImportFormat.Csv;
    }

    [GeneratedRegex(@"[\s\-\.]+")]
    private static partial Regex HeaderSeparators();
}

/// <summary>Raw rows of a file in file column order.</summary>
internal abstract class RowSource : IDisposable
{
    /// <summary>Fills <paramref name="cells"/> with the next row; false at the end of the file.</summary>
    public abstract bool Next(List<Cell> cells, out int rowNumber, CancellationToken ct);

    public abstract void Dispose();

    /// <summary>PostgreSQL text cannot hold NUL; such bytes are never meaningful in a cell.</summary>
    protected static string Clean(string text) => text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", "", StringComparison.Ordinal) : text;
}
