using K3Competency.Domain.Rules;

namespace K3Competency.UnitTests.Rules;

public sealed class ProvinceTests
{
    [Fact]
    public void There_are_38_provinces_with_unique_codes_and_names()
    {
        Assert.Equal(38, Provinces.All.Count);
        Assert.Equal(38, Provinces.All.Select(p => p.Code).Distinct().Count());
        Assert.Equal(38, Provinces.All.Select(p => p.Name.ToUpperInvariant()).Distinct().Count());
    }

    [Theory]
    [InlineData("35", "Jawa Timur")]
    [InlineData("jawa timur", "Jawa Timur")]
    [InlineData("  JAWA   TIMUR ", "Jawa Timur")]
    [InlineData("96", "Papua Barat Daya")]
    [InlineData("dki jakarta", "DKI Jakarta")]
    [InlineData("Kepulauan Bangka Belitung", "Kepulauan Bangka Belitung")]
    public void Found_by_code_or_by_name_case_insensitive(string input, string name) =>
        Assert.Equal(name, Provinces.Find(input)?.Name);

    [Theory]
    [InlineData("00")]
    [InlineData("99")]
    [InlineData("Jawa")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_gives_nothing(string? input) => Assert.Null(Provinces.Find(input));
}
