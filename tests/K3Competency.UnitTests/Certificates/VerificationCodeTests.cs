using K3Competency.Application.Certificates;

namespace K3Competency.UnitTests.Certificates;

public sealed class VerificationCodeTests
{
    [Fact]
    public void New_codes_are_twelve_symbols_without_look_alikes_and_do_not_repeat()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => VerificationCode.New()).ToList();

        Assert.All(codes, c =>
        {
            Assert.Equal(12, c.Length);
            Assert.DoesNotContain(c, ch => ch is '0' or 'O' or '1' or 'I' or 'L');
            Assert.All(c, ch => Assert.Contains(ch, VerificationCode.Alphabet));
        });
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public void A_batch_of_codes_has_no_duplicates()
    {
        var codes = VerificationCode.NewBatch(500);
        Assert.Equal(500, codes.Distinct().Count());
    }

    [Theory]
    [InlineData("ABCD-EFGH-JKMN", "ABCDEFGHJKMN")]
    [InlineData(" abcd efgh jkmn ", "ABCDEFGHJKMN")]
    [InlineData("abcdefghjkmn", "ABCDEFGHJKMN")]
    public void A_typed_code_matches_regardless_of_case_spaces_and_dashes(string typed, string stored)
    {
        Assert.Equal(stored, VerificationCode.Normalize(typed));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABCDEFGHJKM")]
    [InlineData("ABCDEFGHJKMNP")]
    [InlineData("ABCDEFGHJKM0")]
    [InlineData("ABCDEFGHJK/N")]
    public void Text_that_cannot_be_a_code_is_not_looked_up(string typed)
    {
        Assert.Null(VerificationCode.Normalize(typed));
    }

    [Fact]
    public void Codes_are_shown_in_groups_of_four()
    {
        Assert.Equal("ABCD-EFGH-JKMN", VerificationCode.Format("ABCDEFGHJKMN"));
    }
}
