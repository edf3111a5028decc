using K3Competency.Domain;
using K3Competency.Domain.Rules;

namespace K3Competency.UnitTests.Rules;

public sealed class NikTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    private static Nik Valid(string input)
    {
        var result = Nik.Parse(input, Today);
        Assert.True(result.IsValid, result.Error);
        return result.Nik!.Value;
    }

    private static string Invalid(string? input)
    {
        var result = Nik.Parse(input, Today);
        Assert.False(result.IsValid);
        return result.Error!;
    }

    [Fact]
    public void Man_born_1_February_2003_in_Jawa_Timur()
    {
        var nik = Valid("3578080102030001");
        Assert.Equal("3578080102030001", nik.Value);
        Assert.Equal(Gender.L, nik.Gender);
        Assert.Equal(new DateOnly(2003, 2, 1), nik.BirthDate);
        Assert.Equal("35", nik.ProvinceCode);
        Assert.Equal("Jawa Timur", Provinces.NameOf(nik.ProvinceCode));
    }

    [Fact]
    public void Woman_has_forty_added_to_the_day()
    {
        var nik = Valid("3174054107850002");
        Assert.Equal(Gender.P, nik.Gender);
        Assert.Equal(new DateOnly(1985, 7, 1), nik.BirthDate);
        Assert.Equal("DKI Jakarta", Provinces.NameOf(nik.ProvinceCode));
    }

    [Fact]
    public void Woman_born_on_the_31st_is_day_71()
    {
        var nik = Valid("3273017112990003");
        Assert.Equal(Gender.P, nik.Gender);
        Assert.Equal(new DateOnly(1999, 12, 31), nik.BirthDate);
    }

    [Theory]
    [InlineData("3578-0801-0203-0001")]
    [InlineData("3578.0801.0203.0001")]
    [InlineData("3578 0801 0203 0001")]
    [InlineData(" 3578080102030001 ")]
    [InlineData("'3578080102030001")]
    public void Separators_spaces_and_Excel_text_marker_are_stripped(string input) =>
        Assert.Equal("3578080102030001", Valid(input).Value);

    [Fact]
    public void Two_digit_year_in_the_future_means_the_previous_century()
    {
        // 50 → 2050 is still to come, so 1950.
        Assert.Equal(new DateOnly(1950, 3, 15), Valid("3201011503500004").BirthDate);
        // 26 → 2026 has come, so 2026.
        Assert.Equal(new DateOnly(2026, 1, 2), Valid("3201010201260004").BirthDate);
    }

    [Theory]
    [InlineData("0078080102030001", "00")]
    [InlineData("9978080102030001", "99")]
    [InlineData("2078080102030001", "20")]
    public void Unknown_province_code_is_refused(string input, string code)
    {
        var error = Invalid(input);
        Assert.Contains("kode provinsi", error, StringComparison.Ordinal);
        Assert.Contains(code, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serial_0000_is_refused() => Assert.Contains("0000", Invalid("3578080102030000"), StringComparison.Ordinal);

    [Fact]
    public void Birth_date_in_the_future_is_refused() =>
        // 15 December 2026, after "today" of 28 November 2026.
        Assert.Contains("masa depan", Invalid("3578081512260001"), StringComparison.Ordinal);

    [Theory]
    [InlineData("357808010203001", 15)]
    [InlineData("35780801020300011", 17)]
    public void Wrong_length_is_refused_with_the_count(string input, int length) =>
        Assert.Contains($"{length} digit", Invalid(input), StringComparison.Ordinal);

    [Theory]
    [InlineData("35780801O2030001")]
    [InlineData("NIK3578080102030")]
    public void Letters_are_refused(string input) => Assert.Contains("hanya boleh berisi angka", Invalid(input), StringComparison.Ordinal);

    [Theory]
    [InlineData("3578083202030001")] // day 32
    [InlineData("3578083002030001")] // 30 February
    [InlineData("3578080113030001")] // month 13
    [InlineData("3578080100030001")] // month 00
    [InlineData("3578087202030001")] // woman, day 32
    [InlineData("3578082902010001")] // 29 February 2001
    public void Impossible_birth_dates_are_refused(string input) =>
        Assert.Contains("tanggal lahir yang valid", Invalid(input), StringComparison.Ordinal);

    [Fact]
    public void Leap_day_is_a_real_date() => Assert.Equal(new DateOnly(2004, 2, 29), Valid("3578082902040001").BirthDate);

    [Theory]
    [InlineData("3,57808E+15")]
    [InlineData("3.57808E+15")]
    [InlineData("3.578080102E15")]
    public void Scientific_notation_tells_to_format_the_column_as_text(string input)
    {
        var error = Invalid(input);
        Assert.Contains("notasi ilmiah", error, StringComparison.Ordinal);
        Assert.Contains("Teks", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_is_refused(string? input) => Assert.Contains("wajib", Invalid(input), StringComparison.Ordinal);

    [Fact]
    public void Masking_keeps_the_first_and_last_four_digits()
    {
        Assert.Equal("3578********0001", Nik.Mask("3578080102030001"));
        Assert.Equal("3578********0001", Valid("3578080102030001").ToString());
    }
}
