using Engram.Errors;
using Engram.Memories;

namespace Engram.Tests.Memories;

public sealed class PathPrefixTests
{
    [Theory]
    [InlineData(null, "/")]
    [InlineData("/", "/")]
    [InlineData("/notes/", "/notes/")]
    [InlineData("/a/b/", "/a/b/")]
    public void Valid_prefixes_parse(string? given, string expected) =>
        Assert.Equal(expected, PathPrefix.Parse(given).Value);

    [Theory]
    [InlineData("/notes", "must end with '/'")]
    [InlineData("notes/", "must start with '/'")]
    [InlineData("//", "segment")]
    [InlineData("/a/../", "'.' or '..'")]
    [InlineData("", "must not be empty")]
    public void Invalid_prefixes_are_refused_naming_path_prefix(string given, string rule)
    {
        var error = Assert.Throws<InvalidRequestException>(() => PathPrefix.Parse(given));
        Assert.Equal("path_prefix", error.Field);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "/")]
    [InlineData("/", "/")]
    [InlineData("/org", "/org/")]
    [InlineData("/org/", "/org/")]
    [InlineData("/a/b", "/a/b/")]
    public void A_directory_typed_without_its_slash_is_the_prefix_of_its_whole_segment(string? given, string expected) =>
        Assert.Equal(expected, PathPrefix.ParseDirectory(given, "prefix").Value);

    [Theory]
    [InlineData("org", "must start with '/'")]
    [InlineData("org/", "must start with '/'")]
    [InlineData("/org//", "segment")]
    [InlineData("/a/..", "'.' or '..'")]
    [InlineData("", "must not be empty")]
    public void A_directory_that_breaks_a_path_rule_is_refused_naming_the_field(string given, string rule)
    {
        var error = Assert.Throws<InvalidRequestException>(() => PathPrefix.ParseDirectory(given, "prefix"));
        Assert.Equal("prefix", error.Field);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }
}
