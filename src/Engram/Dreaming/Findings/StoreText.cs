namespace Engram.Dreaming.Findings;

/// <summary>The "already known" rules: deliberately plain text matching over the store's current files.</summary>
internal static class StoreText
{
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
        store.Values.Any(text => Words(text).Contains(shortForm, StringComparison.Ordinal));

    private static string Words(string text) => string.Join(' ', text.ToLowerInvariant()
        .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
        .Select(word => new string([.. word.Where(c => char.IsLetterOrDigit(c) || c is '<' or '>' or '\'' or '-' or '_')]))
        .Where(word => word.Length > 0));
}
