using K3Competency.Domain.Rules;

namespace K3Competency.UnitTests.Rules;

public sealed class CompletionTests
{
    [Theory]
    [InlineData(4, 5, 70, true)]   // exactly 80% and exactly the passing score
    [InlineData(3, 5, 100, false)] // 60% < 80%
    [InlineData(5, 5, 69.9, false)]
    [InlineData(0, 0, 100, false)] // a batch without sessions completes no one
    public void Completed_needs_attendance_and_passing_score(int present, int sessions, double post, bool expected) =>
        Assert.Equal(expected, Completion.IsCompleted(present, sessions, (decimal)post, 80, 70));

    [Fact]
    public void No_post_test_is_not_completed() => Assert.False(Completion.IsCompleted(5, 5, null, 80, 70));

    [Theory]
    [InlineData(85, true)]
    [InlineData(84.9, false)]
    public void High_performing_from_exactly_the_threshold(double post, bool expected) =>
        Assert.Equal(expected, Completion.IsHighPerforming(4, 5, (decimal)post, 80, 70, 85));
}
