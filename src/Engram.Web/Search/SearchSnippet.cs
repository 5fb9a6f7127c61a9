namespace Engram.Web.Search;

/// <summary>A run of a snippet's text, marked when it is a matched word.</summary>
internal sealed record SnippetPart(string Text, bool Matched);

/// <summary>
/// A keyword search's snippet as the page shows it: the library marks matched words with <c>**</c> (docs/SEARCH.md),
/// and each marked run becomes a highlight. The text stays text: the page encodes it, so a snippet can never be markup.
/// </summary>
internal static class SearchSnippet
{
    private const string Marker = "**";

    /// <summary>The runs of <paramref name="snippet"/>; an unclosed marker is kept as written.</summary>
    public static IReadOnlyList<SnippetPart> Parts(string? snippet)
    {
        var parts = new List<SnippetPart>();
        if (string.IsNullOrEmpty(snippet))
        {
            return parts;
        }

        var at = 0;
        while (at < snippet.Length)
        {
            var open = snippet.IndexOf(Marker, at, StringComparison.Ordinal);
            var close = open < 0 ? -1 : snippet.IndexOf(Marker, open + Marker.Length, StringComparison.Ordinal);
            if (open < 0 || close < 0)
            {
                parts.Add(new SnippetPart(snippet[at..], false));
                break;
            }

            if (open > at)
            {
                parts.Add(new SnippetPart(snippet[at..open], false));
            }

            if (close > open + Marker.Length)
            {
                parts.Add(new SnippetPart(snippet[(open + Marker.Length)..close], true));
            }

            at = close + Marker.Length;
        }

        return parts;
    }
}
