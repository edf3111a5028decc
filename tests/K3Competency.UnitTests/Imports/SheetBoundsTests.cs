using System.Text;
using K3Competency.Application.Imports;

namespace K3Competency.UnitTests.Imports;

/// <summary>The sheet reader's own rules: cell references, date formats, the column limit, a cancelled read.</summary>
public sealed class SheetBoundsTests
{
    [Theory]
    [InlineData("A1", 0)]
    [InlineData("C7", 2)]
    [InlineData("AA10", 26)]
    [InlineData("XFD1048576", 16383)]
    public void Cell_reference_names_its_column(string reference, int column) => Assert.Equal(column, XlsxRowSource.ColumnOf(reference));

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(16383, "XFD")]
    public void Column_index_reads_back_as_its_letters(int index, string name) => Assert.Equal(name, XlsxRowSource.ColumnName(index));

    [Theory]
    [InlineData("dd/mm/yyyy hh:mm", true)]
    [InlineData("yyyy-mm-dd", true)]
    [InlineData("[$-421]dddd, d mmmm yyyy", true)]
    [InlineData("0.00", false)]
    [InlineData("#,##0\" hari\"", false)]
    [InlineData("[Red]0.0", false)]
    public void Custom_number_format_is_a_date_only_with_a_date_part(string code, bool date) => Assert.Equal(date, XlsxRowSource.IsDateFormat(code));

    [Fact]
    public void Csv_with_content_beyond_the_column_limit_is_refused_naming_the_row()
    {
        var csv = "nik,sesi,status\r\n3578080102900001,1,HADIR" + new string(',', 100) + "x\r\n";
        var e = Assert.Throws<ImportFileException>(() =>
        {
            using var file = ImportFileTests.Open(Encoding.UTF8.GetBytes(csv));
            ImportFileTests.ReadAll(file);
        });
        Assert.Contains("Baris 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_cells_beyond_the_limit_cost_nothing_and_are_ignored()
    {
        var csv = "nik,sesi,status\r\n3578080102900001,1,HADIR" + new string(';', 0) + new string(',', 5000) + "\r\n";
        using var file = ImportFileTests.Open(Encoding.UTF8.GetBytes(csv));
        Assert.Single(ImportFileTests.ReadAll(file));
    }

    [Fact]
    public void A_cancelled_read_stops()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var csv = "nik,sesi,status\r\n3578080102900001,1,HADIR\r\n";
        using var file = ImportFileTests.Open(Encoding.UTF8.GetBytes(csv));
        Assert.Throws<OperationCanceledException>(() => file.Read(new Cell[3], out _, cancel.Token));
    }
}
