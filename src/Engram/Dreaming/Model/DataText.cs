using System.Text.Encodings.Web;
using System.Text.Json;

namespace Engram.Dreaming.Model;

/// <summary>
/// How transcript and store text enters a prompt: as a JSON string literal, so it can neither end its data
/// section nor pose as the prompt's own structure. Quotes and line breaks are escaped, and <c>&lt;/</c> is written
/// <c>&lt;\/</c> (the same text to a JSON reader), so no closing tag appears inside data.
/// </summary>
internal static class DataText
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><paramref name="text"/> as a quoted, escaped literal.</summary>
    public static string Literal(string text) =>
        JsonSerializer.Serialize(text, Relaxed).Replace("</", "<\\/", StringComparison.Ordinal);

    /// <summary>
    /// A tool call's JSON input on one line, as it is: its strings are quoted already, so it stays data without
    /// being quoted again (which would escape every quote twice). Null when <paramref name="json"/> is not one
    /// whole JSON object (a cut one, say), which is then quoted as a literal.
    /// </summary>
    public static string? CompactJson(string json)
    {
        if (!json.StartsWith('{'))
        {
            return null;
        }

        using var document = Sessions.Formats.TranscriptJson.TryParse(json); // as the importer parses: no lone surrogate escape can throw
        return document is null ? null : JsonSerializer.Serialize(document.RootElement, Relaxed).Replace("</", "<\\/", StringComparison.Ordinal);
    }

    /// <summary>
    /// <paramref name="text"/> cut to about <paramref name="maxChars"/>: its head and its tail (where errors
    /// usually are), with a marker saying how many characters were left out between them.
    /// </summary>
    public static string Cut(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var tail = maxChars / 3;
        var head = maxChars - tail;
        var headEnd = char.IsHighSurrogate(text[head - 1]) ? head - 1 : head;
        var tailStart = text.Length - tail;
        if (tailStart < text.Length && char.IsLowSurrogate(text[tailStart]))
        {
            tailStart++;
        }

        return string.Concat(text.AsSpan(0, headEnd), $" …[{tailStart - headEnd:N0} chars cut]… ", text.AsSpan(tailStart));
    }
}
