using K3Competency.Domain.Rules;

namespace K3Competency.UnitTests.Rules;

public sealed class NipTests
{
    [Theory]
    [InlineData("197001012003122001", "197001012003122001")]
    [InlineData("19700101 200312 2 001", "197001012003122001")]
    [InlineData("19700101-200312-1-001", "197001012003121001")]
    public void A_NIP_is_18_digits_whatever_the_grouping(string typed, string stored)
    {
        Assert.Equal((stored, null), Nip.Parse(typed));
    }

    [Theory]
    [InlineData("1970010120031220", "18 digit")]
    [InlineData("19700101200312200A", "18 digit")]
    [InlineData("197013012003122001", "tanggal lahir")]
    [InlineData("197001012003132001", "bulan pengangkatan")]
    [InlineData("197001012003123001", "ke-15")]
    public void A_wrong_NIP_is_refused_with_the_rule_it_breaks(string typed, string rule)
    {
        var (value, error) = Nip.Parse(typed);

        Assert.Null(value);
        Assert.Contains(rule, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_NIP_is_printed_in_its_four_groups()
    {
        Assert.Equal("19700101 200312 2 001", Nip.Format("197001012003122001"));
    }
}
