using System.Text.RegularExpressions;

namespace Engram.Dreaming.Findings;

/// <summary>The "already known" rules: deliberately plain text matching over the store's current files.</summary>
internal static partial class StoreText
{
    /// <summary>
    /// Some line of the store names the fact's subject (as a word, any case) and says it is missing, broken or
    /// limited (<c>not installed</c>, <c>missing</c>, <c>fails</c>…), or names the subject and its fix together; for a
    /// fact about the whole environment, some line uses one of its words: a fact a person has already written down,
    /// in any words.
    /// </summary>
    public static bool AlreadyStatesFact(IReadOnlyDictionary<string, string> store, StoreFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        if (fact.Subject is not { } subject)
        {
            return fact.Words.Count > 0 && store.Values.SelectMany(text => text.Split('\n'))
                .Any(line => fact.Words.Any(word => line.Contains(word, StringComparison.OrdinalIgnoreCase)));
        }

        var fix = fact.Fix;
        var named = new Regex($@"(?<![\w-]){Regex.Escape(subject)}(?![\w-])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return store.Values.SelectMany(text => text.Split('\n')).Any(line => named.IsMatch(line)
            && (Trouble().IsMatch(line) || (fix is not null && line.Contains(fix, StringComparison.OrdinalIgnoreCase))));
    }

    [GeneratedRegex(@"not installed|isn't installed|is missing|\bmissing\b|not available|unavailable|not found|does not work|doesn't work|\bfails?\b|\bbroken\b|not permitted|no network|no internet|times? out|timed out|killed|not (?:on|in) (?:the )?PATH|instead", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Trouble();

    /// <summary>
    /// Some one file contains <paramref name="fix"/> and <paramref name="subject"/> (case-insensitive): a file that
    /// says to run <c>python -m pytest</c> and mentions <c>pytest</c> already teaches the fix.
    /// </summary>
    public static bool AlreadyStates(IReadOnlyDictionary<string, string> store, string fix, string subject) =>
        store.Values.Any(text => text.Contains(fix, StringComparison.OrdinalIgnoreCase)
            && text.Contains(subject, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Some one file, lower-cased and with punctuation dropped the way a short form drops it, contains
    /// <paramref name="shortForm"/>: <c>No, use pnpm.</c> states <c>no use pnpm</c>. A short form with placeholders
    /// (<c>&lt;num&gt;</c>) never matches real text, so such a correction is proposed again: a reviewer rejects it cheaply.
    /// </summary>
    public static bool AlreadyStatesShortForm(IReadOnlyDictionary<string, string> store, string shortForm) =>
        store.Values.Any(text => string.Join(' ', Signals.SignalText.Words(text)).Contains(shortForm, StringComparison.Ordinal));

    /// <summary>
    /// Some one file, as words (lower-cased, punctuation dropped), contains the first
    /// <see cref="Signals.SignalText.ShortFormWords"/> words of <paramref name="text"/>: unmasked, so a remembered
    /// port or name matches the file that states it. A word cut by a quote's bound (<c>…</c>) is left out.
    /// </summary>
    public static bool AlreadyStatesWords(IReadOnlyDictionary<string, string> store, string text)
    {
        var whole = text.EndsWith('…') ? text[..Math.Max(0, text.LastIndexOf(' '))] : text;
        var words = Signals.SignalText.Words(whole).Take(Signals.SignalText.ShortFormWords).ToList();
        if (words.Count == 0)
        {
            return false;
        }

        var phrase = string.Join(' ', words);
        return store.Values.Any(content => string.Join(' ', Signals.SignalText.Words(content)).Contains(phrase, StringComparison.Ordinal));
    }
}
