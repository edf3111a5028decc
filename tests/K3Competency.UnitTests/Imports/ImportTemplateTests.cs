using System.IO.Compression;
using System.Xml.Linq;
using K3Competency.Application.Imports;
using K3Competency.Domain;

namespace K3Competency.UnitTests.Imports;

public sealed class ImportTemplateTests
{
    [Theory]
    [InlineData(UploadKind.Registrations, "nik;nama;email;no_hp;jenis_kelamin;provinsi;instansi;kategori;bidang_keahlian;nomor_lisensi;mode;lembaga")]
    [InlineData(UploadKind.Attendance, "nik;sesi;status;waktu;mode")]
    [InlineData(UploadKind.Results, "nik;nilai_pre_test;nilai_post_test")]
    public void Csv_template_has_the_DESIGN_columns_and_one_example_row(UploadKind kind, string header)
    {
        var lines = ImportTemplates.Csv(kind).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(header, lines[0]);
        Assert.StartsWith("3578080102030001;", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_template_formats_every_column_as_text_so_typed_NIKs_keep_their_digits()
    {
        using var zip = new ZipArchive(new MemoryStream(ImportTemplates.Xlsx(UploadKind.Attendance)));
        XDocument Load(string name)
        {
            using var s = zip.GetEntry(name)!.Open();
            return XDocument.Load(s);
        }
        var sheet = Load("xl/worksheets/sheet1.xml");
        var x = sheet.Root!.Name.Namespace;
        var col = Assert.Single(sheet.Descendants(x + "col"));
        Assert.Equal(("1", "5"), ((string)col.Attribute("min")!, (string)col.Attribute("max")!));
        var style = (int)col.Attribute("style")!;
        var xf = Load("xl/styles.xml").Root!.Element(x + "cellXfs")!.Elements(x + "xf").ElementAt(style);
        Assert.Equal("49", (string)xf.Attribute("numFmtId")!);
    }

    [Fact]
    public void Template_file_names_say_what_they_are_for()
    {
        Assert.Equal("templat-pendaftaran.csv", ImportTemplates.FileName(UploadKind.Registrations, ImportFormat.Csv));
        Assert.Equal("templat-kehadiran.xlsx", ImportTemplates.FileName(UploadKind.Attendance, ImportFormat.Xlsx));
        Assert.Equal("templat-nilai.xlsx", ImportTemplates.FileName(UploadKind.Results, ImportFormat.Xlsx));
    }
}
