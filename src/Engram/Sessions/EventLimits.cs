using System.Globalization;

namespace Engram.Sessions;

/// <summary>
/// How large one stored event may be. A transcript may hold a tool result of many megabytes; an event keeps
/// its start (what a reviewer or an analyzer reads) and says how much was cut, so one output cannot bloat
/// the store or a request.
/// </summary>
internal static class EventLimits
{
    /// <summary>Characters of text (message, tool result) an event keeps.</summary>
    public const int MaxTextChars = 256 * 1024;

    /// <summary>Characters of a tool's JSON input an event keeps.</summary>
    public const int MaxToolInputChars = 256 * 1024;

    /// <summary>Characters of the original record an event keeps for quoting.</summary>
    public const int MaxRawChars = 512 * 1024;

    /// <summary>The event with any field over its limit cut, ending with a note of how much was cut.</summary>
    public static TranscriptEvent Fit(TranscriptEvent e) =>
        e.Text is { Length: > MaxTextChars } || e.ToolInput is { Length: > MaxToolInputChars } || e.Raw.Length > MaxRawChars
            ? e with { Text = Cut(e.Text, MaxTextChars), ToolInput = CutJson(e.ToolInput), Raw = Cut(e.Raw, MaxRawChars)! }
            : e;

    /// <summary>The characters an event carries, for batching.</summary>
    public static long Size(TranscriptEvent e) => (e.Text?.Length ?? 0) + (e.ToolInput?.Length ?? 0) + e.Raw.Length + 256;

    /// <summary>The first field of <paramref name="e"/> over its limit, or null.</summary>
    public static (string Field, string Rule)? Violation(TranscriptEvent e) =>
        e.Text is { Length: > MaxTextChars } ? ("text", $"at most {MaxTextChars:N0} characters")
        : e.ToolInput is { Length: > MaxToolInputChars } ? ("tool_input", $"at most {MaxToolInputChars:N0} characters")
        : e.Raw.Length > MaxRawChars ? ("raw", $"at most {MaxRawChars:N0} characters")
        : null;

    private static string? Cut(string? text, int limit)
    {
        if (text is null || text.Length <= limit)
        {
            return text;
        }

        var keep = limit - 64; // room for the note
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--; // never split a surrogate pair
        }

        var note = string.Create(CultureInfo.InvariantCulture, $"\n[… {text.Length - keep:N0} more characters not kept]");
        return string.Concat(text.AsSpan(0, keep), note);
    }

    // A cut JSON input is no longer JSON; it is kept as a JSON string holding the cut text.
    private static string? CutJson(string? json) =>
        json is { Length: > MaxToolInputChars } ? System.Text.Json.JsonSerializer.Serialize(Cut(json, MaxToolInputChars - 1024)) : json;
}
