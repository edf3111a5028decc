using K3Competency.Application.Identity;

namespace K3Competency.UnitTests.Rules;

public sealed class CommonPasswordTests
{
    [Theory]
    [InlineData("qwertyuiopasdfgh", false)]
    [InlineData("1qaz2wsx3edc", true)]
    [InlineData("Sunshine2024!", true)]
    [InlineData("PASSWORD123456", true)]
    [InlineData("kopi-tubruk-di-teras-hujan", false)]
    [InlineData("Demo-K3-2023!", false)]
    public void Common_breached_passwords_are_recognised(string password, bool common) =>
        Assert.Equal(common, CommonPasswordValidator.IsCommon(password));
}
