using System.Text.Json;

namespace Engram.Sessions.Formats;

/// <summary>
/// How every reader parses a piece of a transcript held as text (a line, a JSON string holding JSON, a detection
/// sample's line): lone surrogate escapes replaced first (<see cref="JsonEscapes"/>), so nothing read from the document
/// can throw, and a text that is not JSON is a reason to report, never an exception.
/// </summary>
internal static class TranscriptJson
{
    /// <summary>The document <paramref name="text"/> holds, or null with the reason it holds none.</summary>
    public static JsonDocument? Parse(string text, out string? problem)
    {
        try
        {
            problem = null;
            return JsonDocument.Parse(JsonEscapes.ReplaceLoneSurrogates(text));
        }
        catch (JsonException exception)
        {
            // A bad record is a value to report, not a failure of the file.
            problem = $"not JSON ({exception.Message})";
            return null;
        }
    }

    /// <summary>The document <paramref name="text"/> holds, or null when it is not JSON.</summary>
    public static JsonDocument? TryParse(string text) => Parse(text, out _);
}
