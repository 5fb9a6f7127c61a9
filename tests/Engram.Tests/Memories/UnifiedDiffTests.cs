using Engram.Memories;

namespace Engram.Tests.Memories;

public sealed class UnifiedDiffTests
{
    [Fact]
    public void Equal_texts_have_an_empty_diff() => Assert.Equal("", UnifiedDiff.Create("a\nb\n", "a\nb\n", "a", "b"));

    [Fact]
    public void A_changed_line_shows_as_removed_and_added_with_context()
    {
        var diff = UnifiedDiff.Create("one\ntwo\nthree\n", "one\n2\nthree\n", "a/x.md", "b/x.md");
        Assert.Contains("--- a/x.md", diff, StringComparison.Ordinal);
        Assert.Contains("+++ b/x.md", diff, StringComparison.Ordinal);
        Assert.Contains("-two", diff, StringComparison.Ordinal);
        Assert.Contains("+2", diff, StringComparison.Ordinal);
        Assert.Contains(" one", diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Whitespace_changes_are_differences() =>
        Assert.NotEqual("", UnifiedDiff.Create("a b\n", "a  b\n", "a", "b"));
}
