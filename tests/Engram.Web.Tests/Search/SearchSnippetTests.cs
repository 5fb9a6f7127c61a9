using Engram.Web.Search;

namespace Engram.Web.Tests.Search;

public sealed class SearchSnippetTests
{
    [Fact]
    public void Marked_words_become_highlights_and_the_rest_stays_text()
    {
        var parts = SearchSnippet.Parts("… Pass **canary** first; the full **rollout** waits …");

        Assert.Equal(
            [new("… Pass ", false), new("canary", true), new(" first; the full ", false), new("rollout", true), new(" waits …", false)],
            parts);
    }

    [Theory]
    [InlineData("no marks at all")]
    [InlineData("an **unclosed marker")]
    public void Text_without_a_closed_marker_is_kept_as_written(string snippet) =>
        Assert.Equal(snippet, string.Concat(SearchSnippet.Parts(snippet).Select(p => p.Text)));

    [Fact]
    public void No_snippet_has_no_parts() => Assert.Empty(SearchSnippet.Parts(null));
}
