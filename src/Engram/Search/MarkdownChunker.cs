using System.Text;
using Markdig;
using Markdig.Syntax;

namespace Engram.Search;

/// <summary>
/// Splits a memory's body into sections at its headings, so a long memory is found by the section that
/// matches, and each chunk stays within what the embedding model reads.
/// </summary>
public static class MarkdownChunker
{
    /// <summary>Most characters per chunk: about what all-MiniLM-L6 reads (256 word pieces) before it truncates.</summary>
    public const int MaxChunkCharacters = 1_000;

    /// <summary>Most chunks per memory: the tail of a huge memory adds little to finding it.</summary>
    public const int MaxChunks = 32;

    /// <summary>The sections of <paramref name="body"/>, each with the title and heading trail to give it context.</summary>
    public static IReadOnlyList<(string Heading, string Text)> Chunk(string? title, string body)
    {
        var document = Markdown.Parse(body);
        var sections = new List<(string Heading, StringBuilder Text)> { (title ?? "", new StringBuilder()) };
        foreach (var block in document)
        {
            var source = body.Substring(block.Span.Start, Math.Min(block.Span.Length, body.Length - block.Span.Start));
            if (block is HeadingBlock)
            {
                sections.Add((source.TrimStart('#', ' ').Trim(), new StringBuilder()));
                continue;
            }

            sections[^1].Text.AppendLine(source);
        }

        var chunks = new List<(string Heading, string Text)>();
        foreach (var (heading, text) in sections)
        {
            var content = text.ToString().Trim();
            if (content.Length == 0 && heading.Length == 0)
            {
                continue;
            }

            var prefix = title is not null && heading != title ? $"{title} — {heading}" : heading;
            for (var start = 0; start < Math.Max(1, content.Length) && chunks.Count < MaxChunks; start += MaxChunkCharacters)
            {
                var piece = content.Length == 0 ? "" : content.Substring(start, Math.Min(MaxChunkCharacters, content.Length - start));
                chunks.Add((heading, $"{prefix}\n{piece}".Trim()));
            }
        }

        return chunks.Count == 0 ? [(title ?? "", title ?? "")] : chunks;
    }
}
