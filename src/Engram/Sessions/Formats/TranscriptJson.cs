using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Engram.Sessions.Formats;

/// <summary>
/// How every reader parses a transcript: within one nesting bound, lone surrogate escapes replaced first
/// (<see cref="JsonEscapes"/>) so nothing read from a document can throw, and a text that is not a JSON record is a
/// reason to report (truncated, nested too deep, or the parser's own words), never an exception.
/// </summary>
internal static class TranscriptJson
{
    /// <summary>
    /// How deeply a record may nest: System.Text.Json's default, stated here so that every parser of a transcript (whole
    /// records, the streaming document reader, detection) holds the same bound. Real records nest about a dozen levels;
    /// a deeper one (a hostile file of 200,000 brackets) is skipped with this reason after at most this many levels.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The largest record read (a line of JSON Lines, an element or property of a document): 32 MiB, the Messages API's
    /// limit on a whole request, so every message, tool result or image a model was sent fits. Parsing holds a record
    /// several times over (its bytes, its text, its parsed form), so without a limit one endless line would take the
    /// memory of a whole import; a longer record is skipped with its size, without being held.
    /// </summary>
    public const int MaxRecordBytes = 32 * 1024 * 1024;

    /// <summary>The reason given for a record nested deeper than <see cref="MaxDepth"/>.</summary>
    public static readonly string TooDeep = $"nested deeper than {MaxDepth} levels";

    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    /// <summary>The document <paramref name="text"/> holds, or null with the reason it holds none.</summary>
    public static JsonDocument? Parse(string text, out string? problem) => Parse(text, cutShort: false, out problem);

    /// <summary>
    /// The record a line holds, or null with the reason it holds none: a last line the file ends inside, that is
    /// the start of a record, is a <c>truncated last line</c> (a writer was cut off); a line over the limit is not read.
    /// </summary>
    public static JsonDocument? Parse(JsonLine line, out string? problem)
    {
        if (line.IsTooLong)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"a line of {line.Bytes:N0} bytes, longer than the {MaxRecordBytes / 1024 / 1024} MiB a record may have: not read");
            return null;
        }

        return Parse(line.Text, line.IsLastWithoutNewline, out problem);
    }

    /// <summary>The document <paramref name="text"/> holds, or null when it is not JSON.</summary>
    public static JsonDocument? TryParse(string text) => Parse(text, out _);

    /// <summary>A reader for the start of a document, which may end before the document does.</summary>
    public static Utf8JsonReader Reader(ReadOnlySpan<byte> utf8, bool isFinalBlock) => new(utf8, isFinalBlock, new JsonReaderState(ReaderOptions));

    /// <summary>The reason for a reader's failure: <see cref="TooDeep"/> when it stopped at the bound, else its own words.</summary>
    public static string Problem(JsonException exception, in Utf8JsonReader reader) => AtBound(reader) ? TooDeep : $"not JSON ({exception.Message})";

    private static JsonDocument? Parse(string text, bool cutShort, out string? problem)
    {
        var json = JsonEscapes.ReplaceLoneSurrogates(text);
        try
        {
            problem = null;
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException exception)
        {
            // A bad record is a value to report, not a failure of the file.
            problem = Diagnose(json, cutShort) ?? $"not JSON ({exception.Message})";
            return null;
        }
    }

    /// <summary>Why <paramref name="json"/> failed to parse when it is one of the failures with a name of their own; null otherwise.</summary>
    private static string? Diagnose(string json, bool cutShort)
    {
        var reader = Reader(Encoding.UTF8.GetBytes(json), isFinalBlock: false);
        try
        {
            while (reader.Read())
            {
            }

            // Every token was well formed and the text ended inside a value.
            return cutShort ? "truncated last line" : null;
        }
        catch (JsonException)
        {
            return AtBound(reader) ? TooDeep : null;
        }
    }

    /// <summary>The reader is as deep as it may go: its depth counts an object or array it just opened only from that value's first token on.</summary>
    private static bool AtBound(in Utf8JsonReader reader) =>
        reader.CurrentDepth + (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray ? 1 : 0) >= MaxDepth;
}
