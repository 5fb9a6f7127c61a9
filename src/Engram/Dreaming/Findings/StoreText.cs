namespace Engram.Dreaming.Findings;

/// <summary>The "already known" rule: deliberately plain text matching over the store's current files.</summary>
internal static class StoreText
{
    /// <summary>
    /// Some one file contains <paramref name="fix"/> and, when given, <paramref name="subject"/> too (case-insensitive):
    /// a file that says to run <c>python -m pytest</c> and mentions <c>pytest</c> already teaches the fix.
    /// </summary>
    public static bool AlreadyStates(IReadOnlyDictionary<string, string> store, string fix, string? subject = null) =>
        store.Values.Any(text => text.Contains(fix, StringComparison.OrdinalIgnoreCase)
            && (string.IsNullOrEmpty(subject) || text.Contains(subject, StringComparison.OrdinalIgnoreCase)));
}
