using Engram.Access.Policies;

namespace Engram.Tests.Access;

public sealed class PathGlobTests
{
    private static readonly TemplateValues Alpha = new("alpha", "sesn_1", null);

    [Theory]
    [InlineData("/**", "/", true)]
    [InlineData("/**", "/a", true)]
    [InlineData("/**", "/a/b/c.md", true)]
    [InlineData("/a/**", "/a", true)]
    [InlineData("/a/**", "/a/b/c", true)]
    [InlineData("/a/**", "/ab", false)]
    [InlineData("/a/*", "/a/b", true)]
    [InlineData("/a/*", "/a/b/c", false)]
    [InlineData("/*.md", "/x.md", true)]
    [InlineData("/*.md", "/x.txt", false)]
    [InlineData("/*.md", "/d/x.md", false)]
    [InlineData("/**/x.md", "/x.md", true)]
    [InlineData("/**/x.md", "/a/b/x.md", true)]
    [InlineData("/a/b", "/a/b", true)]
    [InlineData("/a/b", "/a/b/c", false)]
    [InlineData("/a.b", "/axb", false)]
    [InlineData("/agents/{agent}/**", "/agents/alpha/notes.md", true)]
    [InlineData("/agents/{agent}/**", "/agents/beta/notes.md", false)]
    [InlineData("/scratch/{session}/**", "/scratch/sesn_1/x", true)]
    [InlineData("/users/{principal}/**", "/users/anyone/x", false)]
    public void Globs_match_whole_segments_and_expand_templates(string pattern, string path, bool matches) =>
        Assert.Equal(matches, PathGlob.Parse(pattern, out _)!.Matches(path, Alpha));

    [Fact]
    public void A_template_value_is_literal_text_not_a_wildcard()
    {
        var glob = PathGlob.Parse("/agents/{agent}/**", out _)!;
        Assert.False(glob.Matches("/agents/alpha/x", new TemplateValues("*", null, null)));
        Assert.True(glob.Matches("/agents/*/x", new TemplateValues("*", null, null)));
    }

    [Theory]
    [InlineData("", "is required")]
    [InlineData("agents/**", "must start with '/'")]
    [InlineData("/a/***", "'***'")]
    [InlineData("/a**/b", "whole segment")]
    [InlineData("/a//b", "empty segment")]
    public void Bad_globs_are_refused_with_the_rule(string pattern, string rule)
    {
        Assert.Null(PathGlob.Parse(pattern, out var error));
        Assert.Contains(rule, error, StringComparison.Ordinal);
    }
}
