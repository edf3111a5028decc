using System.IO.Compression;
using System.Text;
using K3Competency.Application.Imports;
using K3Competency.Domain;
using MiniExcelLibs;

namespace K3Competency.UnitTests.Imports;

public sealed class ImportFileTests
{
    private static readonly ImportOptions Options = new();

    internal static ImportFile Open(byte[] bytes, UploadKind kind = UploadKind.Attendance, string fileName = "data.csv", ImportOptions? options = null) =>
        ImportFile.Open(new MemoryStream(bytes), fileName, ImportKind.For(kind).Columns, options ?? Options);

    internal static ImportFile Open(string text, UploadKind kind = UploadKind.Attendance) => Open(Encoding.UTF8.GetBytes(text), kind);

    /// <summary>All data rows as (row number, cell texts in template order).</summary>
    internal static List<(int Row, string?[] Cells)> ReadAll(ImportFile file, UploadKind kind = UploadKind.Attendance)
    {
        var cells = new Cell[ImportKind.For(kind).Columns.Count];
        var rows = new List<(int, string?[])>();
        while (file.Read(cells, out var row))
        {
            rows.Add((row, cells.Select(c => c.Text).ToArray()));
        }
        return rows;
    }

    private static void AssertCells(string?[] expected, string?[] actual) => Assert.Equal<IEnumerable<string?>>(expected, actual);

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    public void Comma_and_semicolon_files_read_the_same(char delimiter)
    {
        var d = delimiter;
        using var file = Open($"nik{d}sesi{d}status\r\n3578080102900001{d}1{d}HADIR\r\n3578080102900002{d}2{d}IZIN\r\n");
        Assert.Equal(delimiter, file.Delimiter);
        var rows = ReadAll(file);
        Assert.Equal([2, 3], rows.Select(r => r.Row));
        AssertCells(["3578080102900001", "1", "HADIR", null, null], rows[0].Cells);
        AssertCells(["3578080102900002", "2", "IZIN", null, null], rows[1].Cells);
    }

    [Fact]
    public void Semicolon_file_with_decimal_commas_is_not_mistaken_for_a_comma_file()
    {
        using var file = Open("nik;nilai_pre_test;nilai_post_test\n3578080102900001;65,5;87,5\n", UploadKind.Results);
        Assert.Equal(';', file.Delimiter);
        AssertCells(["3578080102900001", "65,5", "87,5"], ReadAll(file, UploadKind.Results)[0].Cells);
    }

    [Fact]
    public void Byte_order_mark_does_not_hide_the_first_column()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("nik,sesi,status\n3578080102900001,1,HADIR\n")).ToArray();
        using var file = Open(bytes);
        Assert.Equal("3578080102900001", ReadAll(file)[0].Cells[0]);
    }

    [Fact]
    public void Byte_order_mark_before_a_quoted_header_is_also_skipped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("\"nik\";\"sesi\";\"status\"\r\n\"3578080102900001\";\"1\";\"HADIR\"\r\n")).ToArray();
        using var file = Open(bytes);
        AssertCells(["3578080102900001", "1", "HADIR", null, null], ReadAll(file)[0].Cells);
    }

    [Fact]
    public void Quoted_cells_keep_delimiters_quotes_and_line_breaks_and_rows_are_counted_as_Excel_shows_them()
    {
        const string Csv = "nik,nama,kategori,instansi\r\n" +
                           "3578080102900001,\"Santoso, Budi\",PENGAWAS,\"PT \"\"Maju\"\"\r\nJaya\"\r\n" +
                           "3578080102900002,Siti,PENGAWAS,Dinas\r\n";
        using var file = Open(Encoding.UTF8.GetBytes(Csv), UploadKind.Registrations);
        var rows = ReadAll(file, UploadKind.Registrations);
        Assert.Equal([2, 3], rows.Select(r => r.Row));
        Assert.Equal("Santoso, Budi", rows[0].Cells[1]);
        Assert.Equal("PT \"Maju\"\r\nJaya", rows[0].Cells[6]);
        Assert.Equal("Siti", rows[1].Cells[1]);
    }

    [Fact]
    public void Line_feed_only_and_missing_final_newline_are_fine()
    {
        using var file = Open("nik,sesi,status\n3578080102900001,1,HADIR\n3578080102900002,1,ALPA");
        Assert.Equal(2, ReadAll(file).Count);
    }

    [Fact]
    public void Header_names_are_matched_case_insensitively_in_any_order_and_unknown_columns_are_ignored()
    {
        using var file = Open("Catatan;STATUS;Sesi;Waktu;NIK\r\nterlambat macet;TERLAMBAT;2;16/11/2023 08:20;3578080102900001\r\n");
        var row = Assert.Single(ReadAll(file));
        AssertCells(["3578080102900001", "2", "TERLAMBAT", "16/11/2023 08:20", null], row.Cells);
    }

    [Fact]
    public void Header_with_spaces_and_hyphens_matches_the_template_name()
    {
        using var file = Open("NIK,Nilai Pre-Test,Nilai Post Test\n3578080102900001,60,80\n", UploadKind.Results);
        AssertCells(["3578080102900001", "60", "80"], ReadAll(file, UploadKind.Results)[0].Cells);
    }

    [Fact]
    public void Blank_rows_are_skipped_but_row_numbers_stay_those_of_the_sheet()
    {
        using var file = Open("nik;sesi;status\r\n3578080102900001;1;HADIR\r\n;;\r\n\r\n3578080102900002;1;HADIR\r\n;;\r\n");
        Assert.Equal([2, 5], ReadAll(file).Select(r => r.Row));
    }

    [Fact]
    public void Missing_required_column_refuses_the_file_and_names_the_column()
    {
        var e = Assert.Throws<ImportFileException>(() => Open("nik,nama,email\n3578080102900001,Budi,b@x.id\n", UploadKind.Registrations));
        Assert.Contains("\"kategori\"", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"nama\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_with_another_delimiter_gets_a_hint_about_commas_and_semicolons()
    {
        var e = Assert.Throws<ImportFileException>(() => Open("nik\tsesi\tstatus\n3578080102900001\t1\tHADIR\n"));
        Assert.Contains("titik koma", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Column_given_twice_refuses_the_file()
    {
        var e = Assert.Throws<ImportFileException>(() => Open("nik,sesi,status,NIK\n1,1,HADIR,2\n"));
        Assert.Contains("lebih dari sekali", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_is_refused()
    {
        var e = Assert.Throws<ImportFileException>(() => Open([]));
        Assert.Contains("kosong", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_of_blank_lines_is_refused_for_lack_of_a_header()
    {
        var e = Assert.Throws<ImportFileException>(() => Open("\r\n\r\n"));
        Assert.Contains("baris judul", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_only_file_has_no_rows()
    {
        using var file = Open("nik,sesi,status\r\n");
        Assert.Empty(ReadAll(file));
    }

    [Fact]
    public void File_that_is_not_UTF8_is_refused_with_how_to_save_it()
    {
        // "Siti Aisyah Rahmé" saved by Excel as Windows-1252: é is the single byte 0xE9.
        var bytes = Encoding.ASCII.GetBytes("nik,nama,kategori\n3578080102900001,Siti Rahm").Concat(new byte[] { 0xE9 }).Concat(Encoding.ASCII.GetBytes(",PENGAWAS\n")).ToArray();
        var e = Assert.Throws<ImportFileException>(() =>
        {
            using var file = Open(bytes, UploadKind.Registrations);
            ReadAll(file, UploadKind.Registrations);
        });
        Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_file_is_refused()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n").Concat(new byte[] { 0, 1, 2, 3, 0 }).ToArray();
        Assert.Throws<ImportFileException>(() => Open(pdf, fileName: "laporan.pdf"));
    }

    [Fact]
    public void Old_xls_workbook_is_refused_with_a_hint_to_save_as_xlsx()
    {
        var xls = new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0 };
        var e = Assert.Throws<ImportFileException>(() => Open(xls, fileName: "peserta.xls"));
        Assert.Contains(".xlsx", e.Message, StringComparison.Ordinal);
    }

    internal static byte[] Xlsx(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows);
        return stream.ToArray();
    }

    [Fact]
    public void Xlsx_is_read_from_the_first_sheet_with_numbers_flagged()
    {
        var bytes = Xlsx([
            new() { ["NIK"] = "3578080102900001", ["Sesi"] = 1, ["Status"] = "HADIR", ["Waktu"] = new DateTime(2023, 11, 16, 8, 5, 0) },
            new() { ["NIK"] = 3578080102900002L, ["Sesi"] = 2, ["Status"] = "ALPA", ["Waktu"] = null },
        ]);
        using var file = Open(bytes, fileName: "hadir.xlsx");
        Assert.Equal(ImportFormat.Xlsx, file.Format);
        var cells = new Cell[5];
        Assert.True(file.Read(cells, out var row));
        Assert.Equal(2, row);
        Assert.Equal(new Cell("3578080102900001"), cells[0]);
        Assert.Equal(new Cell("1", Numeric: true), cells[1]);
        Assert.Equal("2023-11-16T08:05:00", cells[3].Text);
        Assert.True(file.Read(cells, out row));
        Assert.Equal(3, row);
        // Shown with the 15 significant digits Excel keeps: the last digit is gone, as the user sees it in Excel.
        Assert.Equal(new Cell("3578080102900000", Numeric: true), cells[0]);
        Assert.False(file.Read(cells, out _));
    }

    [Fact]
    public void Xlsx_is_recognised_by_its_bytes_whatever_its_name()
    {
        var bytes = Xlsx([new() { ["nik"] = "3578080102900001", ["sesi"] = "1", ["status"] = "HADIR" }]);
        using var file = Open(bytes, fileName: "upload.bin");
        Assert.Equal(ImportFormat.Xlsx, file.Format);
        Assert.Single(ReadAll(file));
    }

    [Fact]
    public void File_named_xlsx_that_is_not_a_workbook_is_refused()
    {
        Assert.Throws<ImportFileException>(() => Open(Encoding.UTF8.GetBytes("nik,sesi,status\n"), fileName: "hadir.xlsx"));
    }

    [Fact]
    public void Zip_that_is_not_a_workbook_is_refused()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
            w.Write("<doc/>");
        }
        Assert.Throws<ImportFileException>(() => Open(stream.ToArray(), fileName: "surat.docx"));
    }

    [Fact]
    public void Xlsx_with_too_many_entries_is_refused_before_it_is_unpacked()
    {
        var bytes = Xlsx([new() { ["nik"] = "3578080102900001", ["sesi"] = "1", ["status"] = "HADIR" }]);
        var e = Assert.Throws<ImportFileException>(() => Open(bytes, fileName: "a.xlsx", options: new ImportOptions { MaxZipEntries = 3 }));
        Assert.Contains("keamanan", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zip_bomb_entry_is_refused_by_its_compression_ratio()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var w = new StreamWriter(zip.CreateEntry("xl/workbook.xml").Open()))
            {
                w.Write("<workbook/>");
            }
            using var bomb = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            bomb.Write(new byte[16 * 1024 * 1024]);
        }
        var e = Assert.Throws<ImportFileException>(() => Open(stream.ToArray(), fileName: "a.xlsx"));
        Assert.Contains("keamanan", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_whose_contents_unpack_beyond_the_limit_is_refused()
    {
        var bytes = Xlsx([new() { ["nik"] = "3578080102900001", ["sesi"] = "1", ["status"] = "HADIR" }]);
        Assert.Throws<ImportFileException>(() => Open(bytes, fileName: "a.xlsx", options: new ImportOptions { MaxUncompressedBytes = 1000 }));
    }
}
