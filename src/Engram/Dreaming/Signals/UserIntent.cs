namespace Engram.Dreaming.Signals;

/// <summary>
/// Conservative word rules for what a user message asks: fixed phrases matched as whole words, never patterns
/// built from the message. A miss costs one signal; a false hit would teach a fleet something nobody said.
/// </summary>
internal static class UserIntent
{
    /// <summary>Characters of a message the rules read: corrections and requests say so at the start.</summary>
    private const int ScanChars = 400;

    /// <summary>Openings that correct what the agent just did.</summary>
    private static readonly string[] CorrectionOpenings =
        ["no,", "no.", "no ", "nope", "don't", "do not", "stop", "wrong", "that's not", "that is not", "thats not", "actually,", "instead", "not what i", "you should have", "never do"];

    /// <summary>Phrases that correct wherever they stand.</summary>
    private static readonly string[] CorrectionPhrases =
        ["that's not what i", "not what i asked", "not what i meant", "not what i wanted", "you should have", "i told you", "never do that", "that's wrong", "this is wrong", "don't do that", "stop doing"];

    /// <summary>Openings of thanks or small talk that the openings above would otherwise catch.</summary>
    private static readonly string[] Courtesies =
        ["no problem", "no worries", "no thanks", "no, thanks", "no thank", "no, thank", "no need to apolog", "no rush", "no hurry"];

    /// <summary>Phrases that ask for something to be kept, wherever they stand.</summary>
    private static readonly string[] RememberPhrases =
        ["from now on", "in the future", "keep in mind", "for future reference", "make a note", "please remember", "remember that", "remember to ", "remember this"];

    /// <summary>Words that ask for something to be kept when they open a sentence (an imperative).</summary>
    private static readonly string[] RememberOpenings = ["remember", "always", "never", "note that"];

    /// <summary>Words before <c>remember</c> that make it a statement or a question, not a request.</summary>
    private static readonly string[] NotRequests = ["i ", "don't ", "dont ", "can't ", "cannot ", "not ", "you ", "we ", "do you ", "did you "];

    public static bool IsCorrection(string text)
    {
        var lower = Normalize(text);
        if (Courtesies.Any(courtesy => lower.StartsWith(courtesy, StringComparison.Ordinal)))
        {
            return false;
        }

        return CorrectionOpenings.Any(opening => OpensWith(lower, opening))
            || CorrectionPhrases.Any(phrase => lower.Contains(phrase, StringComparison.Ordinal));
    }

    public static bool IsRememberRequest(string text)
    {
        var lower = Normalize(text);
        foreach (var phrase in RememberPhrases)
        {
            var at = lower.IndexOf(phrase, StringComparison.Ordinal);
            if (at >= 0 && (at == 0 || !char.IsLetter(lower[at - 1])) && !NotRequests.Any(word => lower.AsSpan(0, at).EndsWith(word, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return Sentences(lower).Any(sentence => RememberOpenings.Any(opening => OpensWith(sentence, opening)));
    }

    private static string Normalize(string text)
    {
        var scanned = text.Length <= ScanChars ? text : text[..ScanChars];
        return string.Join(' ', scanned.Replace('\u2019', '\'').ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static IEnumerable<string> Sentences(string text) =>
        text.Split(['.', '!', '?', ';', ':'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // A whole word: `stop` opens "stop, that's wrong" but not "stopwatch".
    private static bool OpensWith(string text, string opening) =>
        text.StartsWith(opening, StringComparison.Ordinal)
        && (text.Length == opening.Length || !char.IsLetter(opening[^1]) || !char.IsLetter(text[opening.Length]));
}
