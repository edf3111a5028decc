using System.Text;
using nietras.SeparatedValues;

namespace K3Competency.Application.Imports;

/// <summary>
/// CSV through Sep, streaming: UTF-8 with or without BOM, quoted fields (with delimiters and line breaks
/// inside), CRLF or LF, and ',' or ';' detected from the header line because Indonesian Excel writes ';'.
/// </summary>
internal sealed class CsvRowSource : RowSource
{
    private const string NotUtf8 =
        "Berkas CSV bukan teks UTF-8. Di Excel pilih Simpan Sebagai → \"CSV UTF-8 (dipisahkan koma)\", atau unggah berkas .xlsx.";

    private const string RowTooLong =
        "Berkas CSV berisi baris yang terlalu panjang untuk dibaca. Biasanya ada tanda kutip (\") pembuka tanpa penutup, " +
        "sehingga sisa berkas terbaca sebagai satu sel. Periksa tanda kutip pada data, atau simpan ulang dari Excel sebagai CSV UTF-8.";

    private readonly StreamReader _text;
    private readonly SepReader _reader;
    private readonly int _maxColumns;

    private CsvRowSource(StreamReader text, SepReader reader, char delimiter, int maxColumns)
    {
        _text = text;
        _reader = reader;
        _maxColumns = maxColumns;
        Delimiter = delimiter;
    }

    public char Delimiter { get; }

    public static CsvRowSource Open(Stream file, ImportOptions options)
    {
        RefuseBinary(file);
        var delimiter = DetectDelimiter(file);
        file.Position = 0;
        var text = Utf8Reader(file);
        try
        {
            var reader = Sep.New(delimiter).Reader(o => o with
            {
                HasHeader = false,
                Unescape = true,
                DisableColCountCheck = true,
            }).From(text);
            return new CsvRowSource(text, reader, delimiter, options.MaxColumns);
        }
        catch (DecoderFallbackException)
        {
            text.Dispose();
            throw new ImportFileException(NotUtf8);
        }
        catch (NotSupportedException)
        {
            // Sep refuses a row longer than its buffer (16M characters): an unclosed quote, or one huge line.
            text.Dispose();
            throw new ImportFileException(RowTooLong);
        }
    }

    public override bool Next(List<Cell> cells, out int rowNumber, CancellationToken ct)
    {
        cells.Clear();
        rowNumber = 0;
        ct.ThrowIfCancellationRequested();
        try
        {
            if (!_reader.MoveNext())
            {
                return false;
            }
        }
        catch (DecoderFallbackException)
        {
            throw new ImportFileException(NotUtf8);
        }
        catch (NotSupportedException)
        {
            throw new ImportFileException(RowTooLong);
        }
        var row = _reader.Current;
        // A quoted cell may span lines; Excel shows such a record as one row, so count records, not lines.
        rowNumber = row.RowIndex + 1;
        // Empty cells past the last one with content (";;;;" to column XFD) cost nothing; content there refuses the file.
        var last = row.ColCount - 1;
        while (last >= 0 && row[last].Span.IsWhiteSpace())
        {
            last--;
        }
        if (last >= _maxColumns)
        {
            throw new ImportFileException(
                $"Baris {rowNumber} berisi data di kolom ke-{last + 1}, jauh di luar kolom templat. Hanya {_maxColumns} kolom pertama " +
                "yang dibaca; hapus isi kolom sesudahnya, lalu unggah ulang.");
        }
        for (var i = 0; i <= last; i++)
        {
            cells.Add(new Cell(Clean(row[i].ToString())));
        }
        return true;
    }

    public override void Dispose()
    {
        _reader.Dispose();
        _text.Dispose();
    }

    // With a preamble in the encoding, StreamReader skips a BOM if there is one; throwing on invalid bytes
    // turns an ANSI file into a clear message instead of names full of replacement characters.
    private static StreamReader Utf8Reader(Stream file) =>
        new(file, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true),
            detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);

    /// <summary>Excel's "Unicode text", PDFs, images: refused with a message rather than read as garbage.</summary>
    private static void RefuseBinary(Stream file)
    {
        var head = new byte[8192];
        var n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        file.Position = 0;
        if (n >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)))
        {
            throw new ImportFileException(
                "Berkas tersimpan sebagai teks Unicode (UTF-16). Di Excel pilih Simpan Sebagai → \"CSV UTF-8 (dipisahkan koma)\", atau unggah berkas .xlsx.");
        }
        if (head.AsSpan(0, n).Contains((byte)0))
        {
            throw new ImportFileException("Berkas ini bukan CSV atau XLSX. Unggah berkas .csv (UTF-8) atau .xlsx sesuai templat.");
        }
    }

    /// <summary>The delimiter that occurs most often outside quotes in the header line (';' wins only if more frequent).</summary>
    private static char DetectDelimiter(Stream file)
    {
        using var text = Utf8Reader(file);
        int commas = 0, semicolons = 0;
        var quoted = false;
        try
        {
            for (var read = 0; read < 64 * 1024; read++)
            {
                var c = text.Read();
                if (c < 0 || (!quoted && c is '\n' or '\r'))
                {
                    break;
                }
                if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (!quoted && c == ',')
                {
                    commas++;
                }
                else if (!quoted && c == ';')
                {
                    semicolons++;
                }
            }
        }
        catch (DecoderFallbackException)
        {
            throw new ImportFileException(NotUtf8);
        }
        return semicolons > commas ? ';' : ',';
    }
}
