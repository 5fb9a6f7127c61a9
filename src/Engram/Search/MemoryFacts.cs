using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Engram.Search;

/// <summary>
/// What indexes and the memory section know about a memory without loading it: its front matter, a
/// one-line description, and whether it is a skill (staleness: <see cref="SearchDocument.IsStale"/>).
/// </summary>
internal sealed partial record MemoryFacts(
    FrontMatter FrontMatter,
    string? Summary,
    SkillInfo? Skill,
    string Body)
{
    /// <summary>Longest one-line description kept for indexes.</summary>
    public const int MaxSummaryCharacters = 200;

    /// <summary>Reads the facts of a memory's content.</summary>
    public static MemoryFacts Of(string path, string content)
    {
        var (frontMatter, body) = FrontMatter.Parse(content);
        var skill = path.EndsWith("/SKILL.md", StringComparison.Ordinal) || path == "/SKILL.md" ? SkillInfo.From(frontMatter) : null;
        var summary = frontMatter.Description ?? frontMatter.Title ?? FirstHeading(body);
        return new MemoryFacts(frontMatter, summary is null ? null : OneLine(summary), skill, body);
    }

    private static string? FirstHeading(string body)
    {
        var document = Markdown.Parse(body);
        var heading = document.Descendants<HeadingBlock>().FirstOrDefault();
        return heading?.Inline is null ? null : string.Concat(heading.Inline.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
    }

    private static string OneLine(string text)
    {
        var line = Whitespace().Replace(text, " ").Trim();
        return line.Length <= MaxSummaryCharacters ? line : line[..(MaxSummaryCharacters - 1)] + "…";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>
/// A <c>SKILL.md</c> file as indexes show it: its front-matter <c>name</c> (at most 64 characters of lowercase
/// letters, digits and hyphens) and <c>description</c> (at most 1,024 characters); its body loads on demand.
/// </summary>
internal sealed record SkillInfo(string? Name, string? Description, string? Error)
{
    /// <summary>Longest skill name.</summary>
    public const int MaxNameCharacters = 64;

    /// <summary>Longest skill description.</summary>
    public const int MaxDescriptionCharacters = 1_024;

    /// <summary>The skill a front matter describes, with what is wrong with it.</summary>
    public static SkillInfo From(FrontMatter frontMatter)
    {
        var name = frontMatter.Name;
        var description = frontMatter.Description;
        var error = frontMatter.Error
            ?? (name is null ? "a skill needs a name in its front matter"
            : name.Length > MaxNameCharacters || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') ? $"skill name \"{name}\" must be at most {MaxNameCharacters} lowercase letters, digits and hyphens"
            : description is null ? "a skill needs a description in its front matter"
            : description.Length > MaxDescriptionCharacters ? $"skill description must be at most {MaxDescriptionCharacters:N0} characters"
            : null);
        return new SkillInfo(name, description, error);
    }
}
