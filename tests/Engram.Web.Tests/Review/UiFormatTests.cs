using Engram.Web.Review;

namespace Engram.Web.Tests.Review;

public sealed class UiFormatTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(10, "just now")]
    [InlineData(60 * 12, "12 min ago")]
    [InlineData(60 * 60 * 3, "3 h ago")]
    [InlineData(60 * 60 * 24 * 5, "5 d ago")]
    public void Ago_reads_in_a_sentence_and_never_says_just_now_ago(int secondsAgo, string expected) =>
        Assert.Equal(expected, UiFormat.Ago(Now, Now.AddSeconds(-secondsAgo)));
}
