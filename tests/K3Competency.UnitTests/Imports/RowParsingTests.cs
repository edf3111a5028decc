using K3Competency.Application.Imports;
using K3Competency.Domain;

namespace K3Competency.UnitTests.Imports;

/// <summary>The checks of one row on its own, as the importer runs them before anything reaches the database.</summary>
public sealed class RowParsingTests
{
    /// <summary>A batch with sessions 1 to 3 (ids 101 to 103), as the importer reads it before the file.</summary>
    private static readonly ParseContext Context = new(new DateOnly(2026, 11, 28), Formats.Wib)
    {
        SessionIds = new Dictionary<int, int> { [1] = 101, [2] = 102, [3] = 103 },
        SessionsHint = "Sesi yang ada: 1, 2, 3.",
    };

    private static (object?[] Values, List<(string Column, string? Value, string Message)> Errors) Parse(UploadKind kind, Dictionary<string, Cell> given)
    {
        var import = (TemplateImportKind)ImportKind.For(kind);
        var cells = import.Columns.Select(c => given.GetValueOrDefault(c.Name)).ToArray();
        var values = new object?[import.Parsed.Count];
        var errors = new RowErrors();
        import.Parse(cells, Context, values, errors);
        return (values, errors.Items.ToList());
    }

    private static Dictionary<string, Cell> Registration(params (string Column, string Text)[] changes)
    {
        var row = new Dictionary<string, Cell>
        {
            ["nik"] = new("3578080102900001"),
            ["nama"] = new("Budi Santoso"),
            ["kategori"] = new("AHLI_K3"),
            ["bidang_keahlian"] = new("LISTRIK"),
        };
        foreach (var (column, text) in changes)
        {
            row[column] = new Cell(text);
        }
        return row;
    }

    private static string OnlyError(UploadKind kind, Dictionary<string, Cell> row, string column)
    {
        var (_, errors) = Parse(kind, row);
        var error = Assert.Single(errors);
        Assert.Equal(column, error.Column);
        return error.Message;
    }

    [Fact]
    public void Valid_registration_row_has_no_errors_and_takes_gender_and_birth_date_from_the_NIK()
    {
        var (values, errors) = Parse(UploadKind.Registrations, Registration(("no_hp", "0812-3456-7890"), ("provinsi", "jawa timur"), ("jenis_kelamin", "l")));
        Assert.Empty(errors);
        Assert.Equal("3578080102900001", values[0]);
        Assert.Equal("+6281234567890", values[3]);
        Assert.Equal("L", values[4]);
        Assert.Equal(new DateOnly(1990, 2, 1), values[5]);
        Assert.Equal("35", values[6]);
        Assert.Equal("AHLI_K3", values[8]);
        Assert.Equal("LISTRIK", values[9]);
    }

    [Fact]
    public void Leading_apostrophe_of_an_Excel_text_NIK_is_stripped()
    {
        var (values, errors) = Parse(UploadKind.Registrations, Registration(("nik", "'3578080102900001")));
        Assert.Empty(errors);
        Assert.Equal("3578080102900001", values[0]);
    }

    [Fact]
    public void NIK_in_scientific_notation_tells_to_format_the_column_as_text()
    {
        var message = OnlyError(UploadKind.Registrations, Registration(("nik", "3,57808E+15")), "nik");
        Assert.Contains("notasi ilmiah", message, StringComparison.Ordinal);
        Assert.Contains("Teks", message, StringComparison.Ordinal);
    }

    [Fact]
    public void NIK_from_a_numeric_xlsx_cell_is_refused_even_when_its_digits_look_right()
    {
        var row = Registration();
        row["nik"] = new Cell("3578080102900001", Numeric: true);
        var message = OnlyError(UploadKind.Registrations, row, "nik");
        Assert.Contains("Format kolom NIK sebagai Teks", message, StringComparison.Ordinal);
    }

    [Fact]
    public void NIK_read_from_a_numeric_cell_of_a_real_xlsx_is_a_row_error()
    {
        var bytes = ImportFileTests.Xlsx([
            new() { ["nik"] = 3578080102900001L, ["sesi"] = 1, ["status"] = "HADIR" },
            new() { ["nik"] = "3578080102900002", ["sesi"] = 1, ["status"] = "HADIR" },
        ]);
        using var file = ImportFileTests.Open(bytes, fileName: "hadir.xlsx");
        var import = (TemplateImportKind)ImportKind.For(UploadKind.Attendance);
        var cells = new Cell[import.Columns.Count];
        var values = new object?[import.Parsed.Count];
        var errors = new RowErrors();

        Assert.True(file.Read(cells, out _));
        import.Parse(cells, Context, values, errors);
        Assert.Equal("nik", Assert.Single(errors.Items).Column);

        errors.Clear();
        Assert.True(file.Read(cells, out _));
        import.Parse(cells, Context, values, errors);
        Assert.Equal(0, errors.Count);
        Assert.Equal(1, values[1]);
    }

    [Fact]
    public void Gender_that_contradicts_the_NIK_says_what_the_NIK_means()
    {
        var message = OnlyError(UploadKind.Registrations, Registration(("jenis_kelamin", "P")), "jenis_kelamin");
        Assert.Contains("tidak sesuai dengan NIK", message, StringComparison.Ordinal);
        Assert.Contains("laki-laki", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Woman_in_the_NIK_and_P_in_the_column_agree()
    {
        var (values, errors) = Parse(UploadKind.Registrations, Registration(("nik", "3578084102900001"), ("jenis_kelamin", "P")));
        Assert.Empty(errors);
        Assert.Equal("P", values[4]);
    }

    [Fact]
    public void Unknown_province_asks_for_a_code_or_a_name() =>
        Assert.Contains("kode dua digit", OnlyError(UploadKind.Registrations, Registration(("provinsi", "Jawa Tenggara")), "provinsi"), StringComparison.Ordinal);

    [Fact]
    public void Ahli_K3_without_expertise_field_lists_the_fields()
    {
        var message = OnlyError(UploadKind.Registrations, Registration(("bidang_keahlian", "")), "bidang_keahlian");
        Assert.Contains("wajib diisi untuk kategori AHLI_K3", message, StringComparison.Ordinal);
        Assert.Contains("KONSTRUKSI", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expertise_field_given_for_another_category_must_be_emptied() =>
        Assert.Contains("kosongkan", OnlyError(UploadKind.Registrations, Registration(("kategori", "PENGAWAS")), "bidang_keahlian"), StringComparison.Ordinal);

    [Theory]
    [InlineData("Ahli K3", "AHLI_K3")]
    [InlineData("anggota_alpk3i", "ANGGOTA_ALPK3I")]
    public void Category_is_read_from_its_code_in_any_case(string written, string code)
    {
        var (values, errors) = Parse(UploadKind.Registrations, Registration(("kategori", written), ("bidang_keahlian", code == "AHLI_K3" ? "K3 Listrik" : "")));
        Assert.Empty(errors);
        Assert.Equal(code, values[8]);
    }

    [Fact]
    public void Every_problem_of_a_row_is_reported_not_just_the_first()
    {
        var (_, errors) = Parse(UploadKind.Registrations, Registration(("nik", "123"), ("nama", ""), ("email", "budi@"), ("no_hp", "12345"), ("mode", "HIBRID")));
        Assert.Equal(["nik", "nama", "email", "no_hp", "mode"], errors.Select(e => e.Column));
        Assert.Equal("budi@", errors[2].Value);
    }

    [Fact]
    public void Name_longer_than_the_column_is_refused_with_the_limit() =>
        Assert.Contains("maksimal 150", OnlyError(UploadKind.Registrations, Registration(("nama", new string('a', 151))), "nama"), StringComparison.Ordinal);

    [Theory]
    [InlineData("16/11/2023 08:05", "2023-11-16T01:05:00Z")]
    [InlineData("1/2/2024 7:30", "2024-02-01T00:30:00Z")]
    [InlineData("2023-11-16T08:05:00+07:00", "2023-11-16T01:05:00Z")]
    [InlineData("2023-11-16T08:05:00", "2023-11-16T01:05:00Z")]
    [InlineData("2023-11-16T01:05:00Z", "2023-11-16T01:05:00Z")]
    [InlineData("2023-11-16 10:05+09:00", "2023-11-16T01:05:00Z")]
    public void Check_in_time_without_offset_is_WIB_and_is_stored_as_UTC(string written, string utc)
    {
        var (values, errors) = Parse(UploadKind.Attendance, new() { ["nik"] = new("3578080102900001"), ["sesi"] = new("1"), ["status"] = new("hadir"), ["waktu"] = new(written) });
        Assert.Empty(errors);
        var stored = Assert.IsType<DateTime>(values[3]);
        Assert.Equal(DateTimeKind.Utc, stored.Kind);
        Assert.Equal(DateTime.Parse(utc, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), stored);
        Assert.Equal("HADIR", values[2]);
    }

    [Theory]
    [InlineData("waktu", "16-11-2023 jam 8")]
    [InlineData("waktu", "31/02/2023 08:00")]
    [InlineData("sesi", "satu")]
    [InlineData("sesi", "0")]
    [InlineData("status", "SAKIT")]
    [InlineData("mode", "HYBRID")]
    public void Unreadable_attendance_cells_are_row_errors_of_their_column(string column, string written)
    {
        var row = new Dictionary<string, Cell> { ["nik"] = new("3578080102900001"), ["sesi"] = new("1"), ["status"] = new("HADIR"), [column] = new(written) };
        var (_, errors) = Parse(UploadKind.Attendance, row);
        var error = Assert.Single(errors);
        Assert.Equal(column, error.Column);
        Assert.Equal(written, error.Value);
    }

    [Fact]
    public void The_session_number_is_read_as_the_batchs_session_id_and_one_it_lacks_names_the_sessions_it_has()
    {
        var (values, errors) = Parse(UploadKind.Attendance, new() { ["nik"] = new("3578080102900001"), ["sesi"] = new("2"), ["status"] = new("HADIR") });
        Assert.Empty(errors);
        Assert.Equal((2, 102), (values[1], values[5]));

        Assert.Equal("Sesi 4 tidak ada di angkatan ini. Sesi yang ada: 1, 2, 3.",
            OnlyError(UploadKind.Attendance, new() { ["nik"] = new("3578080102900001"), ["sesi"] = new("4"), ["status"] = new("HADIR") }, "sesi"));
    }

    [Fact]
    public void Unknown_status_lists_the_statuses() =>
        Assert.Contains("HADIR, TERLAMBAT, IZIN, ALPA",
            OnlyError(UploadKind.Attendance, new() { ["nik"] = new("3578080102900001"), ["sesi"] = new("1"), ["status"] = new("SAKIT") }, "status"), StringComparison.Ordinal);

    [Fact]
    public void Scores_accept_a_decimal_comma()
    {
        var (values, errors) = Parse(UploadKind.Results, new() { ["nik"] = new("3578080102900001"), ["nilai_pre_test"] = new("65,5"), ["nilai_post_test"] = new("87.5") });
        Assert.Empty(errors);
        Assert.Equal(65.5m, values[1]);
        Assert.Equal(87.5m, values[2]);
    }

    [Fact]
    public void Score_of_100_5_is_out_of_range() =>
        Assert.Contains("di luar rentang 0-100",
            OnlyError(UploadKind.Results, new() { ["nik"] = new("3578080102900001"), ["nilai_post_test"] = new("100,5") }, "nilai_post_test"), StringComparison.Ordinal);

    [Fact]
    public void Post_test_is_required_and_pre_test_is_not()
    {
        var (values, errors) = Parse(UploadKind.Results, new() { ["nik"] = new("3578080102900001"), ["nilai_pre_test"] = new(" ") });
        Assert.Equal("nilai_post_test", Assert.Single(errors).Column);
        Assert.Null(values[1]);
    }

    [Theory]
    [InlineData(UploadKind.Registrations)]
    [InlineData(UploadKind.Attendance)]
    [InlineData(UploadKind.Results)]
    public void Template_csv_reads_back_as_one_valid_row(UploadKind kind)
    {
        using var file = ImportFileTests.Open(System.Text.Encoding.UTF8.GetBytes(ImportTemplates.Csv(kind)), kind);
        var import = (TemplateImportKind)ImportKind.For(kind);
        var cells = new Cell[import.Columns.Count];
        Assert.True(file.Read(cells, out var row));
        Assert.Equal(2, row);
        var errors = new RowErrors();
        import.Parse(cells, Context, new object?[import.Parsed.Count], errors);
        Assert.Equal(0, errors.Count);
        Assert.False(file.Read(cells, out _));
    }

    [Fact]
    public void Template_xlsx_reads_back_as_one_valid_row_with_the_NIK_as_text()
    {
        using var file = ImportFileTests.Open(ImportTemplates.Xlsx(UploadKind.Registrations), UploadKind.Registrations, "templat.xlsx");
        var import = (TemplateImportKind)ImportKind.For(UploadKind.Registrations);
        var cells = new Cell[import.Columns.Count];
        Assert.True(file.Read(cells, out _));
        Assert.Equal(new Cell("3578080102030001"), cells[0]);
        var errors = new RowErrors();
        import.Parse(cells, Context, new object?[import.Parsed.Count], errors);
        Assert.Equal(0, errors.Count);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+6281234567890", "'+6281234567890")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("Budi", "Budi")]
    public void Csv_cells_that_Excel_would_run_as_formulas_are_neutralised(string cell, string written) =>
        Assert.Equal(written, CsvText.Neutralize(cell));
}
