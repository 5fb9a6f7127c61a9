using System.Text.RegularExpressions;

namespace Engram.Dreaming.Signals;

internal static partial class ErrorTemplates
{
    /// <summary>
    /// <paramref name="text"/> with variable parts replaced, in this order: quoted strings (<c>'&lt;quoted&gt;'</c>,
    /// keeping the quote), URLs, UUIDs, timestamps, prefixed ids (<c>toolu_…</c>, <c>sesn_…</c>), Windows,
    /// absolute and relative paths, <c>:line:col</c> and <c>(line,col)</c>, hex hashes, numbers; whitespace
    /// runs become one space. A placeholder can give its neighbour a new context (a quote now followed by
    /// <c>&lt;</c>), so the rules run again until nothing changes, at most <see cref="MaxMaskPasses"/> times:
    /// masking masked text then changes nothing.
    /// </summary>
    internal static string MaskVariables(string text)
    {
        var masked = MaskOnce(text);
        for (var pass = 1; pass < MaxMaskPasses && !string.Equals(masked, text, StringComparison.Ordinal); pass++)
        {
            (text, masked) = (masked, MaskOnce(masked));
        }

        return masked;
    }

    /// <summary>Passes of the rules: real errors settle in one or two; each further pass needs a placeholder to have
    /// given a quote new context, so adversarial text settles in a few; the bound keeps the cost linear regardless.</summary>
    private const int MaxMaskPasses = 16;

    private static string MaskOnce(string text)
    {
        text = Quoted().Replace(text, static match => $"{match.Value[0]}<quoted>{match.Value[^1]}");
        text = Url().Replace(text, "<url>");
        text = Uuid().Replace(text, "<uuid>");
        text = Timestamp().Replace(text, "<time>");
        text = PrefixedId().Replace(text, "<id>");
        text = WindowsPath().Replace(text, "<path>");
        text = UnixPath().Replace(text, "<path>");
        text = RelativePath().Replace(text, "<path>");
        text = LineColumn().Replace(text, ":<loc>");
        text = ParenLineColumn().Replace(text, "(<loc>)");
        text = Hex().Replace(text, "<hex>");
        text = Number().Replace(text, "<num>");
        return Whitespace().Replace(text, " ").Trim();
    }

    // An apostrophe inside a word (don't) opens nothing. A placeholder's own quotes ('<quoted>') are inert: they
    // neither open nor close another span, so masking masked text finds nothing new in them.
    [GeneratedRegex(@"(?<![\w\\>])""(?!<quoted>"")[^""\r\n]*""(?!<quoted>)|(?<![\w\\>])'(?!<quoted>')[^'\r\n]*'(?![\w<])|(?<!>)`(?!<quoted>`)[^`\r\n]*`(?!<quoted>)", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();

    [GeneratedRegex(@"(?<![\w<>])[A-Za-z][A-Za-z0-9+.\-]*://[^\s""'<>()\[\]{}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Uuid();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)|\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();

    // A lower-case prefix, an underscore, then letters and digits with at least one digit: toolu_01Ab…, sesn_…, call_….
    [GeneratedRegex(@"(?<![\w\-])[a-z]{2,12}_(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{8,}(?![\w\-])", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixedId();

    [GeneratedRegex(@"(?<!\w)[A-Za-z]:\\[\w.@+\-\\]*", RegexOptions.CultureInvariant)]
    private static partial Regex WindowsPath();

    [GeneratedRegex(@"(?<![\w.:/<>\-])(?:~|\.{1,2})?(?:/[\w.@+\-]+)+/?", RegexOptions.CultureInvariant)]
    private static partial Regex UnixPath();

    // Needs a letter, so a fraction (3/4) stays two numbers.
    [GeneratedRegex(@"(?<![\w.:/<>\-])(?=[\w.@+\-/]*[A-Za-z])[\w.@+\-]+(?:/[\w.@+\-]+)+/?", RegexOptions.CultureInvariant)]
    private static partial Regex RelativePath();

    [GeneratedRegex(@"(?<=[\w>)\]]):\d+(?::\d+)?(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex LineColumn();

    [GeneratedRegex(@"\(\d+,\d+\)", RegexOptions.CultureInvariant)]
    private static partial Regex ParenLineColumn();

    // Seven or more hex digits with at least one digit and one letter (words such as `defaced` have no digit), or 0x….
    [GeneratedRegex(@"(?<![\w<])(?:0[xX][0-9a-fA-F]+|(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{7,})(?![\w>])", RegexOptions.CultureInvariant)]
    private static partial Regex Hex();

    // Not after a letter or a dot: python3 and v1.2 name things; 30s and 0.53 are measurements.
    [GeneratedRegex(@"(?<![\w.])\d+(?:\.\d+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
