using System.Buffers;
using System.Globalization;
using System.Text;
using Engram.Errors;

namespace Engram.Search;

/// <summary>
/// Turns what a person or agent typed into words and phrases. Double quotes make a phrase (an unbalanced
/// quote just ends at the end); everything else is words. Nothing typed is ever an operator: FTS keywords,
/// parentheses, <c>*</c>, <c>:</c> and the like are plain text to match.
/// </summary>
internal static class SearchQueryParser
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

        // Function words ("what", "did", "the", "her") match a large share of any store and say little about what is
        // asked: searched like the other words, they pull up memories that share only them, and in a large store
        // they send the query to the common-word tiers. They are marked so they only refine the ranking of what the
        // other words match, unless nothing else is there (or they sit inside a phrase, which stays exact).
        var distinct = terms.DistinctBy(t => t.Text.ToLowerInvariant()).ToList();
        return distinct.All(t => !t.Phrase && IsStopWord(t.Text))
            ? new TextQuery(distinct)
            : new TextQuery([.. distinct.Select(t => !t.Phrase && IsStopWord(t.Text) ? t with { FunctionWord = true } : t)]);
    }

    /// <summary>True for an English function word (the Snowball list, and the words that open a question).</summary>
    private static bool IsStopWord(string word) => StopWords.Contains(word.Replace('\u2019', '\''));

    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "aren't", "as", "at", "be", "because", "been",
        "before", "being", "below", "between", "both", "but", "by", "can", "cannot", "could", "couldn't", "did", "didn't", "do", "does", "doesn't",
        "doing", "don't", "down", "during", "each", "few", "for", "from", "further", "had", "hadn't", "has", "hasn't", "have", "haven't", "having",
        "he", "he'd", "he'll", "he's", "her", "here", "here's", "hers", "herself", "him", "himself", "his", "how", "how's", "i", "i'd", "i'll", "i'm",
        "i've", "if", "in", "into", "is", "isn't", "it", "it's", "its", "itself", "let's", "me", "more", "most", "mustn't", "my", "myself", "no",
        "nor", "not", "of", "off", "on", "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "same", "shan't",
        "she", "she'd", "she'll", "she's", "should", "shouldn't", "so", "some", "such", "than", "that", "that's", "the", "their", "theirs", "them",
        "themselves", "then", "there", "there's", "these", "they", "they'd", "they'll", "they're", "they've", "this", "those", "through", "to", "too",
        "under", "until", "up", "very", "was", "wasn't", "we", "we'd", "we'll", "we're", "we've", "were", "weren't", "what", "what's", "when",
        "when's", "where", "where's", "which", "while", "who", "who's", "whom", "why", "why's", "with", "won't", "would", "wouldn't", "you", "you'd",
        "you'll", "you're", "you've", "your", "yours", "yourself", "yourselves",
    };

    // Whitespace, control characters (a NUL would end the FTS string early) and brackets separate words. Punctuation
    // around a word ("group?", “quoted”, ...) is dropped: the index never holds it, and left on it hides a word's
    // possessive or that it is a function word.
    private static IEnumerable<string> Words(string text) =>
        string.Concat(text.Select(c => char.IsWhiteSpace(c) || char.IsControl(c) || "(){}[],;".Contains(c, StringComparison.Ordinal) ? ' ' : c))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => Bare(WithoutPossessive(Bare(word))))
            .Where(word => word.Any(char.IsLetterOrDigit));

    /// <summary>The word without what the index's tokenizer would not keep at its ends (anything but letters, digits and marks).</summary>
    private static string Bare(string word)
    {
        var span = word.AsSpan();
        while (!span.IsEmpty)
        {
            var status = Rune.DecodeFromUtf16(span, out var rune, out var length);
            if (status == OperationStatus.Done && IsWordRune(rune))
            {
                break;
            }

            span = span[Math.Max(length, 1)..];
        }

        while (!span.IsEmpty)
        {
            var status = Rune.DecodeLastFromUtf16(span, out var rune, out var length);
            if (status == OperationStatus.Done && IsWordRune(rune))
            {
                break;
            }

            span = span[..^Math.Max(length, 1)];
        }

        return span.ToString();
    }

    private static bool IsWordRune(Rune rune) => Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.PrivateUse;

    /// <summary>
    /// "Caroline's" (or "Caroline’s") as "Caroline": left whole, the index reads it as the phrase "caroline s", which a
    /// text that says "Caroline" alone never matches, so asking about someone's thing missed every memory naming them.
    /// </summary>
    private static string WithoutPossessive(string word) =>
        word.Length > 2 && (word.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || word.EndsWith("\u2019s", StringComparison.OrdinalIgnoreCase))
            ? word[..^2]
            : word;
}
