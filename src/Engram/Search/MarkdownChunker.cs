using System.Text;
using Markdig;
using Markdig.Syntax;

namespace Engram.Search;

/// <summary>
/// Splits a memory's body into chunks for the embedding model: at its headings, so a long memory is found by
/// the section that matches, with short neighbouring sections packed together (every chunk is a model run)
/// and long ones cut, so each chunk stays within what the model reads.
/// </summary>
internal static class MarkdownChunker
{
    /// <summary>Most characters per chunk: about what all-MiniLM-L6 reads (256 word pieces) before it truncates.</summary>
    public const int MaxChunkCharacters = 1_000;

    /// <summary>Most chunks per memory: the tail of a huge memory adds little to finding it.</summary>
    public const int MaxChunks = 32;

    /// <summary>
    /// The version of what a chunk holds. Stores record it with their vectors, so raising it (whenever the
    /// text given to the model changes) embeds every store again. 2: title and text, no path.
    /// </summary>
    public const int Version = 2;

    /// <summary>
    /// The chunks of a memory as the embedding model reads them: its body (front matter excluded), each chunk
    /// led by the memory's title (its front-matter title, else its first heading). The path is left out: it
    /// is boilerplate shared by a store's memories, and in a short memory it outweighed what was said
    /// (docs/BENCHMARKS.md, "Embedding models"); keyword search still matches it.
    /// </summary>
    public static IReadOnlyList<(string Heading, string Text)> Chunk(SearchDocument document) =>
        Chunk(document.Title ?? FirstHeading(document.Body), document.Body);

    /// <summary>
    /// The chunks of <paramref name="body"/>: each names the heading it starts under, and its text begins with
    /// <paramref name="title"/> (unless it already opens with it), so every chunk carries what the memory is about.
    /// A body without text is its title alone; with no title either there is no chunk, so the memory has no vector.
    /// </summary>
    public static IReadOnlyList<(string Heading, string Text)> Chunk(string? title, string body)
    {
        var chunks = new List<(string Heading, string Text)>();
        var heading = "";
        var text = new StringBuilder();
        void Flush()
        {
            if (text.Length > 0 && chunks.Count < MaxChunks)
            {
                var content = text.ToString().Trim();
                chunks.Add((heading, string.IsNullOrWhiteSpace(title) || OpensWith(content, title) ? content : $"{title}\n{content}"));
            }

            text.Clear();
        }

        foreach (var (sectionHeading, piece) in Pieces(body))
        {
            if (text.Length > 0 && text.Length + piece.Length + 1 > MaxChunkCharacters)
            {
                Flush();
            }

            if (text.Length == 0)
            {
                heading = sectionHeading;
            }

            text.Append(piece).Append('\n');
        }

        Flush();

        // A memory with no text has nothing to be found by: an empty text's vector sits near everything.
        return chunks.Count > 0 ? chunks : string.IsNullOrWhiteSpace(title) ? [] : [("", title)];
    }

    /// <summary>The text of the body's first heading, or null.</summary>
    private static string? FirstHeading(string body) =>
        Markdown.Parse(body).OfType<HeadingBlock>().Select(h => HeadingText(body, h)).FirstOrDefault(h => h.Length > 0);

    private static string HeadingText(string body, Block block) =>
        body.Substring(block.Span.Start, Math.Min(block.Span.Length, body.Length - block.Span.Start)).Split('\n')[0].TrimStart('#', ' ').Trim().TrimEnd('#').Trim();

    /// <summary>True when the first line of <paramref name="text"/>, a heading or not, is <paramref name="title"/>.</summary>
    private static bool OpensWith(string text, string title)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        var first = (end < 0 ? text : text[..end]).TrimStart('#', ' ').Trim();
        return string.Equals(first, title.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The body's sections in order, each as its heading line and text, cut where longer than a chunk.</summary>
    private static IEnumerable<(string Heading, string Text)> Pieces(string body)
    {
        var document = Markdown.Parse(body);
        var heading = "";
        var section = new StringBuilder();
        var pieces = new List<(string Heading, string Text)>();
        void Close()
        {
            var content = section.ToString().Trim();
            for (var start = 0; start < content.Length; start += MaxChunkCharacters)
            {
                pieces.Add((heading, content.Substring(start, Math.Min(MaxChunkCharacters, content.Length - start))));
            }

            section.Clear();
        }

        foreach (var block in document)
        {
            var source = body.Substring(block.Span.Start, Math.Min(block.Span.Length, body.Length - block.Span.Start));
            if (block is HeadingBlock)
            {
                Close();
                heading = source.TrimStart('#', ' ').Trim();
            }

            section.Append(source).Append('\n');
        }

        Close();
        return pieces;
    }
}
