using System.Text.RegularExpressions;

namespace Engram.Dreaming.Signals;

/// <summary>
/// Conservative word rules for what a user message asks: fixed phrases matched as whole words, never patterns
/// built from the message. A miss costs one signal; a false hit would teach a fleet something nobody said. Requests
/// and corrections are found wherever they are said (<c>fix it, and always run the hooks</c>), not only at the start;
/// code blocks and quoted lines (<c>&gt; …</c>) are the user's material, not the user speaking, and are skipped.
/// The rules return the user's own words: the clause that asks, to the end of its sentence.
/// </summary>
internal static partial class UserIntent
{
    /// <summary>Characters of a message the rules read: a person's request fits; a pasted log need not be read whole.</summary>
    private const int ScanChars = 8_000;

    /// <summary>An opening message longer than this is a task statement or a pasted document (an issue, a spec): only explicit future wording (<c>from now on</c>) asks to remember in it, not a bare <c>always</c>.</summary>
    internal const int LongOpeningChars = 1_500;

    /// <summary>Openings that correct what the agent just did.</summary>
    private static readonly string[] CorrectionOpenings =
        ["no,", "no.", "no ", "nope", "don't", "do not", "stop", "wrong", "that's not", "that is not", "thats not", "actually,", "instead", "not what i", "you should have", "never do"];

    /// <summary>Phrases that correct wherever they stand.</summary>
    private static readonly string[] CorrectionPhrases =
        ["that's not what i", "not what i asked", "not what i meant", "not what i wanted", "you should have", "i told you", "never do that", "that's wrong", "this is wrong", "don't do that", "stop doing"];

    /// <summary>Openings of thanks or small talk that the openings above would otherwise catch.</summary>
    private static readonly string[] Courtesies =
        ["no problem", "no worries", "no thanks", "no, thanks", "no thank", "no, thank", "no need to apolog", "no rush", "no hurry"];

    /// <summary>Phrases that ask for something to be kept for later sessions, wherever they stand.</summary>
    private static readonly string[] RememberPhrases =
        ["from now on", "in the future,", "keep in mind", "for future reference", "make a note", "please remember", "remember that", "remember to ", "remember this", "next time,"];

    /// <summary>The phrases that ask to remember in a long opening message, where they must open a clause: a task statement's "in the future the parser will…" or "keep in mind that the API…" describes, it does not ask.</summary>
    private static readonly string[] ExplicitPhrases = ["from now on", "for future reference", "please remember", "remember that", "remember to ", "make a note"];

    /// <summary>Words that ask for something to be kept when they open a clause (an imperative); not in a long opening message.</summary>
    private static readonly string[] RememberOpenings = ["remember", "always", "never"];

    /// <summary>Words before <c>remember</c> that make it a statement or a question, not a request.</summary>
    private static readonly string[] NotRequests = ["i ", "don't ", "dont ", "can't ", "cannot ", "not ", "you ", "we ", "do you ", "did you "];

    /// <summary>Words that join a clause to the one before; a request may follow them (<c>and always run the hooks</c>).</summary>
    private static readonly string[] Joiners = ["and also ", "and then ", "and ", "but ", "also ", "so ", "then ", "oh ", "ok ", "okay ", "plus "];

    public static bool IsCorrection(string text) => Correction(text) is not null;

    public static bool IsRememberRequest(string text) => RememberRequest(text, opening: false) is not null;

    /// <summary>The correcting words of <paramref name="text"/> (from the sentence that corrects to the end of its line), or null.</summary>
    public static string? Correction(string text)
    {
        foreach (var (sentence, tail) in Sentences(text))
        {
            var lower = Lower(Unjoined(sentence));
            if (Courtesies.Any(courtesy => lower.StartsWith(courtesy, StringComparison.Ordinal)))
            {
                continue;
            }

            if (CorrectionOpenings.Any(opening => OpensWith(lower, opening)) || CorrectionPhrases.Any(phrase => lower.Contains(phrase, StringComparison.Ordinal)))
            {
                return Unjoined(tail).Trim();
            }
        }

        return null;
    }

    /// <summary>
    /// The asking words of <paramref name="text"/> (the clause that asks, to the end of its sentence), or null. In a long
    /// <paramref name="opening"/> message only explicit future wording counts.
    /// </summary>
    public static string? RememberRequest(string text, bool opening)
    {
        var conversational = !opening || text.Length <= LongOpeningChars;
        foreach (var (sentence, _) in Sentences(text))
        {
            if (!conversational)
            {
                // A task statement asks only in explicit words that open a clause ("..., from now on add a test").
                var start = 0;
                while (start < sentence.Length)
                {
                    var rest = Unjoined(sentence[start..]);
                    if (ExplicitPhrases.Any(phrase => Lower(rest).StartsWith(phrase, StringComparison.Ordinal)))
                    {
                        return rest.Trim();
                    }

                    var comma = sentence.IndexOfAny([',', ';'], start);
                    start = comma < 0 ? sentence.Length : comma + 1;
                }

                continue;
            }

            var lower = Lower(sentence);
            foreach (var phrase in RememberPhrases)
            {
                var at = lower.IndexOf(phrase, StringComparison.Ordinal);
                if (at >= 0 && (at == 0 || !char.IsLetter(lower[at - 1])) && !NotRequests.Any(word => lower.AsSpan(0, at).EndsWith(word, StringComparison.Ordinal)))
                {
                    return ClauseAt(sentence, at);
                }
            }

            foreach (var clause in Clauses(sentence))
            {
                var words = Unjoined(clause);
                if (RememberOpenings.Any(opening => OpensWith(Lower(words), opening)))
                {
                    return words.Trim();
                }
            }
        }

        return null;
    }

    // Sentences outside code blocks and quoted lines, each with the text from it to the end of its line.
    private static IEnumerable<(string Sentence, string Tail)> Sentences(string text)
    {
        var scanned = text.Length <= ScanChars ? text : text[..ScanChars];
        var fenced = false;
        foreach (var raw in scanned.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (fenced || line.TrimStart().StartsWith('>'))
            {
                continue;
            }

            foreach (Match sentence in Sentence().Matches(line))
            {
                yield return (sentence.Value.Trim(), line[sentence.Index..].Trim());
            }
        }
    }

    // Clauses of a sentence: split at commas and semicolons, each trimmed.
    private static IEnumerable<string> Clauses(string sentence) =>
        sentence.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // The clause the phrase at `at` stands in: from the comma before it (or the sentence start) to the sentence end.
    private static string ClauseAt(string sentence, int at)
    {
        var start = sentence.LastIndexOfAny([',', ';'], Math.Max(0, at - 1));
        var clause = start < 0 || start >= at ? sentence : sentence[(start + 1)..];
        return Unjoined(clause).Trim();
    }

    private static string Unjoined(string clause)
    {
        var text = clause.TrimStart(' ', '-', '*', '(', '"', '\'');
        foreach (var joiner in Joiners)
        {
            if (text.StartsWith(joiner, StringComparison.OrdinalIgnoreCase))
            {
                return text[joiner.Length..].TrimStart();
            }
        }

        return text;
    }

    private static string Lower(string text) =>
        string.Join(' ', text.Replace('\u2019', '\'').ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    // A whole word: `stop` opens "stop, that's wrong" but not "stopwatch".
    private static bool OpensWith(string text, string opening) =>
        text.StartsWith(opening, StringComparison.Ordinal)
        && (text.Length == opening.Length || !char.IsLetter(opening[^1]) || !char.IsLetter(text[opening.Length]));

    // A sentence runs to its end mark (kept) or the end of the line.
    [GeneratedRegex(@"[^.!?]+(?:[.!?]+|$)", RegexOptions.CultureInvariant)]
    private static partial Regex Sentence();
}
