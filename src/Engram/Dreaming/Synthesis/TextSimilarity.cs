using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Synthesis;

/// <summary>Plain, deterministic closeness of texts: word sets, word shingles, and embedding cosine.</summary>
internal static class TextSimilarity
{
    /// <summary>Words per shingle when memories are compared: three keep word order without making one changed word count thrice.</summary>
    private const int ShingleWords = 3;

    private static readonly string[] Bullets = ["- [ ] ", "- [x] ", "- ", "* ", "+ "];

    /// <summary>A line's words as short forms compare them (lower-cased, punctuation dropped, list bullet left out), joined by one space.</summary>
    public static string Key(string line) => string.Join(' ', SignalText.Words(Unbulleted(line)));

    /// <summary>The distinct words of a line, its list bullet left out.</summary>
    public static HashSet<string> WordSet(string line) => new(SignalText.Words(Unbulleted(line)), StringComparer.Ordinal);

    /// <summary>The line trimmed, without a leading list bullet (<c>- </c>, <c>* </c>, <c>+ </c>, a task box, or <c>1. </c>).</summary>
    public static string Unbulleted(string line)
    {
        var text = line.Trim();
        foreach (var bullet in Bullets)
        {
            if (text.StartsWith(bullet, StringComparison.OrdinalIgnoreCase))
            {
                return text[bullet.Length..].TrimStart();
            }
        }

        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        return digits > 0 && digits + 1 < text.Length && text[digits] is '.' or ')' && text[digits + 1] == ' ' ? text[(digits + 2)..].TrimStart() : text;
    }

    /// <summary>The distinct runs of <see cref="ShingleWords"/> words of <paramref name="text"/>; the whole text when it is shorter.</summary>
    public static HashSet<string> Shingles(string text)
    {
        var words = SignalText.Words(text).ToList();
        var shingles = new HashSet<string>(StringComparer.Ordinal);
        if (words.Count is > 0 and < ShingleWords)
        {
            shingles.Add(string.Join(' ', words));
        }

        for (var i = 0; i + ShingleWords <= words.Count; i++)
        {
            shingles.Add(string.Join(' ', words.Skip(i).Take(ShingleWords)));
        }

        return shingles;
    }

    /// <summary>Shared over all members; 0 when both are empty.</summary>
    public static double Jaccard(IReadOnlySet<string> left, IReadOnlySet<string> right)
    {
        if (left.Count == 0 && right.Count == 0)
        {
            return 0;
        }

        var (small, large) = left.Count <= right.Count ? (left, right) : (right, left);
        var shared = small.Count(large.Contains);
        return (double)shared / (left.Count + right.Count - shared);
    }

    /// <summary>Cosine of two vectors; 0 when either is all zeros.</summary>
    public static double Cosine(float[] left, float[] right)
    {
        double dot = 0, leftNorm = 0, rightNorm = 0;
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            dot += (double)left[i] * right[i];
            leftNorm += (double)left[i] * left[i];
            rightNorm += (double)right[i] * right[i];
        }

        return leftNorm == 0 || rightNorm == 0 ? 0 : dot / Math.Sqrt(leftNorm * rightNorm);
    }

    /// <summary>The most frequent of <paramref name="values"/>; ties go to the ordinally smallest.</summary>
    public static string MostCommon(IEnumerable<string> values) =>
        values.GroupBy(value => value, StringComparer.Ordinal)
            .OrderByDescending(group => group.Count())
            .ThenBy(group => group.Key, StringComparer.Ordinal)
            .First().Key;
}
