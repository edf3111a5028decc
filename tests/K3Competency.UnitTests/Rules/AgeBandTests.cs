using K3Competency.Domain.Rules;

namespace K3Competency.UnitTests.Rules;

public sealed class AgeBandTests
{
    [Theory]
    [InlineData("2003-02-01", "2026-12-01", "20–29 tahun")]
    [InlineData("1990-12-02", "2026-12-01", "30–39 tahun")]
    [InlineData("1986-12-01", "2026-12-01", "40–49 tahun")]
    public void Age_is_shown_in_ten_year_bands(string birth, string today, string band) =>
        Assert.Equal(band, AgeBand.Of(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));
}
