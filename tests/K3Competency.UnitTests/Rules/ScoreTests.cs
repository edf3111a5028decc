using K3Competency.Domain.Rules;

namespace K3Competency.UnitTests.Rules;

public sealed class ScoreTests
{
    [Theory]
    [InlineData("87,5", 87.5)]
    [InlineData("87.5", 87.5)]
    [InlineData("100", 100)]
    [InlineData("0", 0)]
    [InlineData(" 70 ", 70)]
    [InlineData("70,0", 70)]
    public void Decimal_comma_or_point(string input, double expected)
    {
        Assert.True(Score.TryParse(input, out var score, out var error), error);
        Assert.Equal((decimal)expected, score);
    }

    [Theory]
    [InlineData("100,5", "rentang")]
    [InlineData("-1", "tidak dapat dibaca")]
    [InlineData("87,25", "satu desimal")]
    [InlineData("delapan", "tidak dapat dibaca")]
    [InlineData("1.000,5", "tidak dapat dibaca")]
    [InlineData("", "wajib")]
    public void Out_of_range_or_unreadable_is_refused(string input, string messagePart)
    {
        Assert.False(Score.TryParse(input, out _, out var error));
        Assert.Contains(messagePart, error, StringComparison.Ordinal);
    }
}
