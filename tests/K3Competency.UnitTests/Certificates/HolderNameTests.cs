using K3Competency.Application.Certificates;

namespace K3Competency.UnitTests.Certificates;

public sealed class HolderNameTests
{
    [Theory]
    [InlineData("Budi Santoso", "Budi S*****")]
    [InlineData("Budi Santoso Wibowo", "Budi S***** W*****")]
    [InlineData("  Dewi   anggraini  ", "Dewi a*****")]
    [InlineData("Sukarno", "Sukarno")]
    [InlineData("Ir. Budi Santoso, S.T.", "Ir. B***** S***** S*****")]
    public void The_public_sees_the_first_name_and_initials_of_the_rest(string fullName, string shown)
    {
        Assert.Equal(shown, HolderName.Mask(fullName));
    }

    [Fact]
    public void The_length_of_the_hidden_words_is_not_revealed()
    {
        Assert.Equal(HolderName.Mask("Budi Su").Length, HolderName.Mask("Budi Suryanegarawan").Length);
    }
}
