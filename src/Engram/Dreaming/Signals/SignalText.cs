using System.Text;
using Engram.Sessions;

namespace Engram.Dreaming.Signals;

/// <summary>How signals quote and compare transcript text.</summary>
internal static class SignalText
{
    /// <summary>Characters of a quote: evidence a reviewer reads at a glance, never a transcript dump.</summary>
    public const int MaxQuoteChars = 200;

    /// <summary>Words of a message's short form: enough to tell requests apart, few enough that rewordings of the tail still match.</summary>
    public const int ShortFormWords = 12;

    /// <summary>
    /// A verbatim excerpt: the text's first line with content, trimmed, secrets masked, then cut to
    /// <see cref="MaxQuoteChars"/> (masking first, so a cut never leaves half a secret). Without a trailing <c>…</c> it
    /// is a substring of the (masked) text, so a reviewer finds it where the evidence points.
    /// </summary>
    internal static string Quote(string text)
    {
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        var masked = SecretMasker.Mask(line, out _);
        return Memories.UnicodeText.Ellipsize(masked, MaxQuoteChars);
    }

    /// <summary>The verbatim excerpt evidence quotes from an event: a tool result's line that carries its error (or its first line), else the first line of its text or input.</summary>
    public static string Excerpt(TranscriptEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Kind == TranscriptEventKind.ToolResult ? Quote(ErrorTemplates.MeaningfulLine(e.Text ?? "")) : Quote(e.Text ?? e.ToolInput ?? "");
    }

    /// <summary>Lower-cased, variable parts masked, punctuation dropped, first <see cref="ShortFormWords"/> words.</summary>
    internal static string ShortForm(string text)
    {
        var masked = ErrorTemplates.MaskVariables(SecretMasker.Mask(text, out _));
        return string.Join(' ', Words(masked).Take(ShortFormWords));
    }

    /// <summary>The words of <paramref name="text"/> as short forms compare them: lower-cased, punctuation dropped.</summary>
    internal static IEnumerable<string> Words(string text) => text.ToLowerInvariant()
        .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
        .Select(word => new string([.. word.Where(c => char.IsLetterOrDigit(c) || c is '<' or '>' or '\'' or '-' or '_')]))
        .Where(word => word.Length > 0);

    /// <summary>True when a <see cref="Change"/> has two different, non-empty sides: <c>`X` -> `X`</c> is no change.</summary>
    internal static bool Differs(string change) =>
        ChangeSides(change) is var (before, after) && before.Length > 0 && after.Length > 0 && !string.Equals(before, after, StringComparison.Ordinal);

    /// <summary>The two sides of a <see cref="Change"/> (<c>pytest</c>, <c>python -m pytest</c>), or null when it is not in that form.</summary>
    internal static (string Before, string After)? ChangeSides(string change)
    {
        var at = change.IndexOf("` -> `", StringComparison.Ordinal);
        return at >= 1 && change.StartsWith('`') && change.EndsWith('`') && change.Length >= at + 7
            ? (change[1..at].Trim(), change[(at + 6)..^1].Trim())
            : null;
    }

    /// <summary>
    /// The leading words of a command with its arguments' variable parts masked, up to the first masked word: <c>bin/test</c>
    /// of <c>bin/test sympy/a.py</c>. A program named by an absolute path is named by its file (<c>/usr/bin/python3</c> is <c>python3</c>).
    /// </summary>
    internal static string Constant(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 0 && words[0].StartsWith('/') && words[0].LastIndexOf('/') < words[0].Length - 1)
        {
            words[0] = words[0][(words[0].LastIndexOf('/') + 1)..];
        }

        // The program keeps its name (a project's `bin/test` is no variable path); its arguments are masked.
        return string.Join(' ', ErrorTemplates.MaskVariables(string.Join(' ', words.Skip(1))).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .TakeWhile(word => !word.Contains('<', StringComparison.Ordinal)).Prepend(words.FirstOrDefault() ?? "").Where(word => word.Length > 0));
    }

    /// <summary>Common leading and trailing words left out: <c>`pytest` -> `python -m pytest`</c>.</summary>
    internal static string Change(string before, string after)
    {
        var left = before.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var right = after.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var prefix = 0;
        while (prefix < left.Length && prefix < right.Length && left[prefix] == right[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < left.Length - prefix && suffix < right.Length - prefix && left[^(suffix + 1)] == right[^(suffix + 1)])
        {
            suffix++;
        }

        if (prefix + suffix == left.Length || prefix + suffix == right.Length)
        {
            // Words were only added or removed: keep the word they stand before (else after) for context.
            if (suffix > 0)
            {
                suffix--;
            }
            else if (prefix > 0)
            {
                prefix--;
            }
        }

        var builder = new StringBuilder();
        builder.Append('`').AppendJoin(' ', left[prefix..^suffix]).Append("` -> `").AppendJoin(' ', right[prefix..^suffix]).Append('`');
        return builder.ToString();
    }
}
