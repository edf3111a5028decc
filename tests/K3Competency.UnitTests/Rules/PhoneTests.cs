using K3Competency.Domain.Rules;

namespace K3Competency.UnitTests.Rules;

public sealed class PhoneTests
{
    [Theory]
    [InlineData("081234567890", "+6281234567890")]
    [InlineData("0812-3456-7890", "+6281234567890")]
    [InlineData("+62 812 3456 7890", "+6281234567890")]
    [InlineData("6281234567890", "+6281234567890")]
    [InlineData("0812345678", "+62812345678")]
    [InlineData("'081234567890", "+6281234567890")]
    public void Mobile_numbers_are_stored_as_plus_628(string input, string expected)
    {
        Assert.True(Phone.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("0211234567")]      // Jakarta landline
    [InlineData("+6521234567")]     // not Indonesia
    [InlineData("08123")]           // too short
    [InlineData("0812345678901234")] // too long
    [InlineData("08abc45678")]
    [InlineData("")]
    public void Other_numbers_are_refused(string input) => Assert.False(Phone.TryNormalize(input, out _));
}
