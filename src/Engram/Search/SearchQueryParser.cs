using Engram.Errors;

namespace Engram.Search;

/// <summary>
/// Turns what a person or agent typed into words and phrases. Double quotes make a phrase (an unbalanced
/// quote just ends at the end); everything else is words. Nothing typed is ever an operator: FTS keywords,
/// parentheses, <c>*</c>, <c>:</c> and the like are plain text to match.
/// </summary>
public static class SearchQueryParser
{
    /// <summary>Longest query accepted, in characters.</summary>
    public const int MaxCharacters = 1_000;

    /// <summary>Most words and phrases used from one query; the rest are ignored.</summary>
    public const int MaxTerms = 32;

    /// <summary>Parses <paramref name="text"/>, or refuses an empty or oversized query naming <c>q</c>.</summary>
    public static TextQuery Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidRequestException("q", "is required: the words or \"phrases\" to search for");
        }

        if (text.Length > MaxCharacters)
        {
            throw new InvalidRequestException("q", $"must be at most {MaxCharacters:N0} characters (got {text.Length:N0})");
        }

        var terms = new List<TextTerm>();
        var parts = text.Split('"');
        for (var i = 0; i < parts.Length && terms.Count < MaxTerms; i++)
        {
            var inQuotes = i % 2 == 1;
            if (inQuotes)
            {
                var phrase = string.Join(' ', Words(parts[i]));
                if (phrase.Length > 0)
                {
                    terms.Add(new TextTerm(phrase, Phrase: phrase.Contains(' ', StringComparison.Ordinal)));
                }

                continue;
            }

            foreach (var word in Words(parts[i]).Take(MaxTerms - terms.Count))
            {
                terms.Add(new TextTerm(word, Phrase: false));
            }
        }

        // Common words match nearly everything and drown the words that matter; they are dropped unless
        // nothing else is left (or they sit inside a phrase).
        var distinct = terms.DistinctBy(t => t.Text.ToLowerInvariant()).ToList();
        var meaningful = distinct.Where(t => t.Phrase || !StopWords.Contains(t.Text)).ToList();
        return new TextQuery(meaningful.Count > 0 ? meaningful : distinct);
    }

    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how", "i", "if", "in", "is", "it", "me", "my",
        "of", "on", "or", "should", "so", "that", "the", "this", "to", "was", "we", "what", "when", "where", "which", "who", "why", "with", "you",
    };

    // Whitespace, control characters (a NUL would end the FTS string early) and brackets separate words.
    private static IEnumerable<string> Words(string text) =>
        string.Concat(text.Select(c => char.IsWhiteSpace(c) || char.IsControl(c) || "(){}[],;".Contains(c, StringComparison.Ordinal) ? ' ' : c))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => WithoutPossessive(word.Trim('*', '^', ':', '.', '!', '?', '\'', '\u2019', '"', '+', '-')))
            .Where(word => word.Any(char.IsLetterOrDigit));

    /// <summary>
    /// "Caroline's" (or "Caroline’s") as "Caroline": left whole, the index reads it as the phrase "caroline s", which a
    /// text that says "Caroline" alone never matches, so asking about someone's thing missed every memory naming them.
    /// </summary>
    private static string WithoutPossessive(string word) =>
        word.Length > 2 && (word.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || word.EndsWith("\u2019s", StringComparison.OrdinalIgnoreCase))
            ? word[..^2]
            : word;
}
