using CsCheck;
using Engram.Search;

namespace Engram.Tests.Search;

public sealed class FrontMatterTests
{
    [Fact]
    public void Known_fields_are_read_and_the_body_follows_the_closing_line()
    {
        var (front, body) = FrontMatter.Parse("""
            ---
            title: Deploy runbook
            description: How payments deploys, step by step.
            tags: [deploy, payments]
            verified: 2026-11-01
            expires: 2027-01-01T00:00:00Z
            pin: true
            unknown: ignored
            nested: {a: 1}
            ---
            # Runbook
            body
            """);
        Assert.Null(front.Error);
        Assert.Equal("Deploy runbook", front.Title);
        Assert.Equal("How payments deploys, step by step.", front.Description);
        Assert.Equal(["deploy", "payments"], front.Tags);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), front.Verified);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), front.Expires);
        Assert.True(front.Pin);
        Assert.Equal("# Runbook\nbody", body);
    }

    [Fact]
    public void Content_without_front_matter_is_all_body() =>
        Assert.Equal((FrontMatter.None, "# Just text\n---\nnot front matter"), FrontMatter.Parse("# Just text\n---\nnot front matter"));

    [Fact]
    public void Tags_may_be_a_comma_separated_string() =>
        Assert.Equal(["a", "b"], FrontMatter.Parse("---\ntags: a, b\n---\n").FrontMatter.Tags);

    [Theory]
    [InlineData("---\na: &x [1, 2]\nb: *x\n---\nbody", "anchors are not allowed")]
    [InlineData("---\na: [&x lol, *x]\n---\nbody", "anchors are not allowed")]
    [InlineData("---\ntitle: [unclosed\n---\nbody", "invalid front matter")]
    [InlineData("---\njust a string\n---\nbody", "must be a mapping")]
    [InlineData("---\nverified: someday\n---\nbody", "is not a date")]
    [InlineData("---\ntitle: no end\nno closing line, all body", "no closing ---")]
    public void Hazards_and_mistakes_are_reported_never_fatal(string content, string problem)
    {
        var (front, body) = FrontMatter.Parse(content);
        Assert.Contains(problem, front.Error, StringComparison.Ordinal);
        Assert.Null(front.Title);
        Assert.EndsWith("body", body, StringComparison.Ordinal); // the body is kept whatever went wrong
    }

    [Fact]
    public void A_billion_laughs_alias_bomb_is_refused_without_expanding_it()
    {
        var bomb = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" +
            string.Concat(Enumerable.Range(0, 9).Select(i => $"{(char)('b' + i)}: &{(char)('b' + i)} [*{(char)('a' + i)},*{(char)('a' + i)},*{(char)('a' + i)},*{(char)('a' + i)},*{(char)('a' + i)},*{(char)('a' + i)},*{(char)('a' + i)},*{(char)('a' + i)},*{(char)('a' + i)}]\n")) +
            "---\nbody";
        var (front, _) = FrontMatter.Parse(bomb);
        Assert.Contains("not allowed", front.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_block_between_the_lines_is_parsed_or_reported_never_thrown()
    {
        string[] pieces = ["a", ":", " ", "\n", "- ", "[", "]", "{", "}", "&x", "*x", "!!str", "|", ">", "'", "\"", "#", "title", "tags", "pin", "expires", "2026-01-01", "\t", "?", ",", "%YAML 1.2", "---", "..."];
        var block = Gen.Int[0, pieces.Length - 1].Select(i => pieces[i]).Array[0, 40].Select(string.Concat);
        block.Sample(text =>
        {
            var (front, body) = FrontMatter.Parse("---\n" + text + "\n---\nthe body\n");
            Assert.True(front.Error is not null || body.Length > 0 || text.Contains("---", StringComparison.Ordinal));
        }, iter: 20_000);
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var deep = "---\na: " + new string('[', 50) + new string(']', 50) + "\n---\nbody";
        Assert.Contains("deeper than", FrontMatter.Parse(deep).FrontMatter.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_block_is_not_read()
    {
        var huge = "---\ndescription: " + new string('x', FrontMatter.MaxCharacters + 10) + "\n---\nbody";
        var (front, body) = FrontMatter.Parse(huge);
        Assert.Contains("larger than", front.Error, StringComparison.Ordinal);
        Assert.Equal("body", body);
    }

    [Theory]
    [InlineData("---\nname: deploy-checklist\ndescription: Steps to deploy safely.\n---\nbody", null)]
    [InlineData("---\nname: Deploy Checklist\ndescription: d\n---\n", "lowercase letters")]
    [InlineData("---\ndescription: d\n---\n", "needs a name")]
    [InlineData("---\nname: ok\n---\n", "needs a description")]
    public void Skills_are_named_by_their_front_matter(string content, string? problem)
    {
        var facts = MemoryFacts.Of("/skills/deploy/SKILL.md", content);
        Assert.NotNull(facts.Skill);
        if (problem is null)
        {
            Assert.Null(facts.Skill.Error);
            Assert.Equal("deploy-checklist", facts.Skill.Name);
        }
        else
        {
            Assert.Contains(problem, facts.Skill.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_summary_is_the_description_else_the_title_else_the_first_heading()
    {
        Assert.Equal("d", MemoryFacts.Of("/a.md", "---\ntitle: t\ndescription: d\n---\n# h").Summary);
        Assert.Equal("t", MemoryFacts.Of("/a.md", "---\ntitle: t\n---\n# h").Summary);
        Assert.Equal("First heading", MemoryFacts.Of("/a.md", "intro\n\n## First heading\ntext").Summary);
        Assert.Null(MemoryFacts.Of("/a.md", "no heading at all").Summary);
    }

    [Fact]
    public void Staleness_follows_expires_and_the_verified_horizon()
    {
        var now = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
        Assert.True(SearchDocument.Of("/a", "", "---\nexpires: 2026-11-01\n---\n").IsStale(now, null));
        Assert.False(SearchDocument.Of("/a", "", "---\nexpires: 2026-12-01\n---\n").IsStale(now, null));
        Assert.True(SearchDocument.Of("/a", "", "---\nverified: 2026-01-01\n---\n").IsStale(now, TimeSpan.FromDays(90)));
        Assert.False(SearchDocument.Of("/a", "", "---\nverified: 2026-11-01\n---\n").IsStale(now, TimeSpan.FromDays(90)));
        Assert.False(SearchDocument.Of("/a", "", "---\nverified: 2020-01-01\n---\n").IsStale(now, null));
    }
}
