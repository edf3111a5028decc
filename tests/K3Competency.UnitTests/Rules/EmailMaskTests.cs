using K3Competency.Domain.Rules;

namespace K3Competency.UnitTests.Rules;

public sealed class EmailMaskTests
{
    [Theory]
    [InlineData("budi.santoso@contoh.co.id", "b*****@contoh.co.id")]
    [InlineData("a@kemnaker.go.id", "a*****@kemnaker.go.id")]
    [InlineData("tanpa-at", "*****")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void The_mailbox_is_hidden_but_its_first_letter_and_the_domain(string? email, string expected) =>
        Assert.Equal(expected, EmailMask.Mask(email));

    [Fact]
    public void A_long_and_a_short_mailbox_look_the_same_length() =>
        Assert.Equal(EmailMask.Mask("b@x.id").Length, EmailMask.Mask("bbbbbbbbbbbbbbbbbb@x.id").Length);
}
