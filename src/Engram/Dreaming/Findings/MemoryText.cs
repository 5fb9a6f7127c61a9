namespace Engram.Dreaming.Findings;

/// <summary>How rule-based lines quote commands and error text in markdown.</summary>
internal static partial class MemoryText
{
    /// <summary>Characters of error text a memory line quotes: enough to recognise the error, short enough to read.</summary>
    public const int MaxQuotedChars = 120;

    /// <summary><paramref name="text"/> as an inline code span, with enough backticks that a backtick inside cannot close it.</summary>
    public static string Code(string text)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', longest + 1);
        return longest == 0 ? $"`{text}`" : $"{fence} {text} {fence}";
    }

    /// <summary>A quote cut at a word to <see cref="MaxQuotedChars"/>, ending with <c>…</c> when cut.</summary>
    public static string Cut(string quote)
    {
        var text = quote.TrimEnd('…');
        if (text.Length <= MaxQuotedChars && text.Length == quote.Length)
        {
            return quote;
        }

        if (text.Length <= MaxQuotedChars)
        {
            return quote;
        }

        var space = text.LastIndexOf(' ', MaxQuotedChars);
        return string.Concat(text.AsSpan(0, space > MaxQuotedChars / 2 ? space : MaxQuotedChars), "…");
    }

    /// <summary>
    /// Why <paramref name="text"/> may not go into memory, or null when it may: a memory line is guidance for the next
    /// agent, so template placeholders (<c>&lt;quoted&gt;</c>, <c>&lt;num&gt;</c>, <c>&lt;*&gt;</c>) and statistics
    /// (<c>7 of 20 sessions</c>, <c>seen in 3 sessions</c>) never go into it; they belong to the proposal.
    /// </summary>
    public static string? Violation(string text) =>
        Placeholder().Match(text) is { Success: true } placeholder ? $"it holds the placeholder {placeholder.Value}"
        : Statistic().Match(text) is { Success: true } statistic ? $"it holds the statistic \"{statistic.Value}\""
        : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"<(?:quoted|num|path|url|uuid|time|id|hex|loc|\*)>", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Placeholder();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b\d[\d,]* (?:of|out of) \d[\d,]* (?:sessions|runs|transcripts)\b|\b(?:seen|found|observed) in \d[\d,]* (?:sessions|runs)\b|\b\d+(?:\.\d+)?% of (?:the )?sessions\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Statistic();

    /// <summary>A sentence's first letter upper-cased.</summary>
    public static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary><c>1 session</c>, <c>2 sessions</c>.</summary>
    public static string Count(int count, string noun) => $"{count:N0} {noun}{(count == 1 ? "" : "s")}";
}
