using System.Text;

namespace Engram.Postgres;

/// <summary>
/// The snippet SQLite's <c>snippet(table, 4, '**', '**', '…', 16)</c> cuts from a memory's body, rebuilt from the
/// same tokens: the window of <see cref="Tokens"/> tokens holding the most distinct query phrases (a window that
/// opens a sentence preferred), each phrase's words wrapped in <c>**</c>, an ellipsis where the body goes on.
/// </summary>
internal static class Snippet
{
    /// <summary>Tokens in a snippet.</summary>
    public const int Tokens = 16;

    private const string Open = "**";
    private const string Close = "**";
    private const string Ellipsis = "…";

    /// <summary>The snippet of <paramref name="body"/> for the phrases (each a list of terms) that may match in the body.</summary>
    public static string Of(string body, IReadOnlyList<string[]> phrases)
    {
        var tokens = TextTokenizer.Tokenize(body);
        var instances = Instances(tokens, phrases);
        var size = tokens.Count;
        var sentences = SentenceStarts(body, tokens);

        var best = 0;
        var bestStart = 0;
        var seen = new bool[phrases.Count];
        foreach (var (_, offset) in instances)
        {
            var (score, start) = Score(instances, phrases, seen, size, offset);
            if (score > best)
            {
                (best, bestStart) = (score, start);
            }

            if (sentences.Count > 0 && size > Tokens)
            {
                var j = 0;
                while (j < sentences.Count - 1 && sentences[j + 1] <= offset)
                {
                    j++;
                }

                if (sentences[j] < offset)
                {
                    var (fromSentence, _) = Score(instances, phrases, seen, size, sentences[j]);
                    fromSentence += sentences[j] == 0 ? 120 : 100;
                    if (fromSentence > best)
                    {
                        (best, bestStart) = (fromSentence, sentences[j]);
                    }
                }
            }
        }

        return Highlight(body, tokens, Spans(instances, phrases), bestStart, bestStart + Tokens - 1);
    }

    /// <summary>Where each phrase occurs, in token order (ties in phrase order), as FTS5 lists a row's instances.</summary>
    internal static List<(int Phrase, int Offset)> Instances(List<TextToken> tokens, IReadOnlyList<string[]> phrases)
    {
        var found = new List<(int Phrase, int Offset)>();
        for (var offset = 0; offset < tokens.Count; offset++)
        {
            for (var p = 0; p < phrases.Count; p++)
            {
                var phrase = phrases[p];
                if (phrase.Length > 0 && offset + phrase.Length <= tokens.Count && phrase.Select((term, i) => tokens[offset + i].Term == term).All(match => match))
                {
                    found.Add((p, offset));
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The score of the window of <see cref="Tokens"/> tokens from <paramref name="from"/>: 1,000 for each phrase in it,
    /// 1 for each repeat; and where to start a window that centres its matches.
    /// </summary>
    private static (int Score, int Start) Score(List<(int Phrase, int Offset)> instances, IReadOnlyList<string[]> phrases, bool[] seen, int size, int from)
    {
        Array.Clear(seen);
        var score = 0;
        var first = -1;
        var last = 0;
        foreach (var (phrase, offset) in instances)
        {
            if (offset >= from && offset < (long)from + Tokens)
            {
                score += seen[phrase] ? 1 : 1000;
                seen[phrase] = true;
                if (first < 0)
                {
                    first = offset;
                }

                last = offset + phrases[phrase].Length;
            }
        }

        long start = first - ((Tokens - (last - first)) / 2);
        if (start + Tokens > size)
        {
            start = size - Tokens;
        }

        return (score, (int)Math.Max(start, 0));
    }

    /// <summary>Token offsets that open a sentence: the first, and each after a '.' or ':' and white space.</summary>
    private static List<int> SentenceStarts(string body, List<TextToken> tokens)
    {
        var starts = new List<int>();
        for (var t = 0; t < tokens.Count; t++)
        {
            if (t == 0)
            {
                starts.Add(0);
                continue;
            }

            var i = tokens[t].Start - 1;
            while (i >= 0 && body[i] is ' ' or '\t' or '\n' or '\r')
            {
                i--;
            }

            if (i != tokens[t].Start - 1 && i >= 0 && body[i] is '.' or ':')
            {
                starts.Add(t);
            }
        }

        return starts;
    }

    /// <summary>The instances as highlighted spans of tokens: overlapping instances merge into one.</summary>
    private static List<(int Start, int End)> Spans(List<(int Phrase, int Offset)> instances, IReadOnlyList<string[]> phrases)
    {
        var spans = new List<(int Start, int End)>();
        foreach (var (phrase, offset) in instances)
        {
            var end = offset + phrases[phrase].Length - 1;
            if (spans.Count > 0 && offset <= spans[^1].End)
            {
                spans[^1] = (spans[^1].Start, Math.Max(end, spans[^1].End));
            }
            else
            {
                spans.Add((offset, end));
            }
        }

        return spans;
    }

    /// <summary>The text of tokens <paramref name="rangeStart"/> to <paramref name="rangeEnd"/> with the spans in it marked.</summary>
    private static string Highlight(string body, List<TextToken> tokens, List<(int Start, int End)> spans, int rangeStart, int rangeEnd)
    {
        var output = new StringBuilder();
        if (rangeStart > 0)
        {
            output.Append(Ellipsis);
        }

        // A span that opens before the window is not marked, even where it reaches into it.
        var next = 0;
        while (next < spans.Count && spans[next].Start < rangeStart)
        {
            next++;
        }

        (int Start, int End) Span() => next < spans.Count ? spans[next] : (-1, -1);
        var written = 0;
        var open = false;
        for (var position = rangeStart; position < tokens.Count && position <= rangeEnd; position++)
        {
            var (start, end) = (tokens[position].Start, tokens[position].End);
            if (position == rangeStart && rangeStart != 0)
            {
                written = start;
            }

            var span = Span();
            if (open && (position <= span.Start || span.Start < 0) && start > written)
            {
                output.Append(Close);
                open = false;
            }

            if (position == span.Start && !open)
            {
                output.Append(body, written, start - written).Append(Open);
                written = start;
                open = true;
            }

            if (position == span.End)
            {
                if (!open)
                {
                    output.Append(Open);
                    open = true;
                }

                output.Append(body, written, end - written);
                written = end;
                next++;
            }

            if (position == rangeEnd)
            {
                span = Span();
                if (open)
                {
                    if (span.Start >= 0 && position >= span.Start)
                    {
                        output.Append(body, written, end - written);
                        written = end;
                    }

                    output.Append(Close);
                    open = false;
                }

                output.Append(body, written, end - written);
                written = end;
            }
        }

        if (open)
        {
            output.Append(Close);
        }

        if (rangeEnd >= tokens.Count - 1)
        {
            output.Append(body, written, body.Length - written);
        }
        else
        {
            output.Append(Ellipsis);
        }

        return output.ToString();
    }
}
