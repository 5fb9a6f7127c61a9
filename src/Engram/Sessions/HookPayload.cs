using System.Text.Json;
using Engram.Errors;
using Engram.Sessions.Formats;

namespace Engram.Sessions;

/// <summary>
/// What an agent harness tells a hook command on its standard input: Claude Code writes one JSON object for each hook
/// event (<c>SessionEnd</c>, <c>PreCompact</c>, …) with at least <c>session_id</c>, <c>transcript_path</c>, <c>cwd</c> and
/// <c>hook_event_name</c>. Only the transcript's path is needed to import; the rest names the call in a log. Fields it
/// does not know (<c>reason</c>, <c>trigger</c>, <c>permission_mode</c>, …) are ignored.
/// </summary>
/// <param name="TranscriptPath">The transcript file, absolute (a leading <c>~/</c>, as the hook documentation writes it, is the home directory).</param>
/// <param name="SessionId">The harness's id of the session, when given.</param>
/// <param name="EventName">The hook event that fired, when given.</param>
internal sealed record HookPayload(string TranscriptPath, string? SessionId, string? EventName)
{
    /// <summary>The most a payload may hold: these are a few hundred bytes, and a hook must never hold a harness up reading.</summary>
    public const int MaxBytes = 1024 * 1024;

    private const string PathField = "transcript_path";

    /// <summary>Reads a payload, or refuses it naming the field and the rule.</summary>
    /// <param name="json">The bytes the hook was given (UTF-8 JSON).</param>
    /// <param name="home">The home directory a leading <c>~/</c> stands for; null when there is none.</param>
    public static HookPayload Parse(ReadOnlySpan<byte> json, string? home)
    {
        if (json.Length > MaxBytes)
        {
            throw new InvalidRequestException("payload", $"is {json.Length:N0} bytes; a hook payload is at most {MaxBytes:N0}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = TranscriptJson.MaxDepth });
        }
        catch (JsonException invalid)
        {
            throw new InvalidRequestException("payload", json.IsEmpty
                ? "is empty: a hook is given a JSON object on its standard input"
                : $"must be a JSON object (the hook's input), and is not JSON: {Plain(invalid)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidRequestException("payload", $"must be a JSON object (the hook's input), not {root.ValueKind.ToString().ToLowerInvariant()}");
            }

            var path = OptionalString(root, PathField) ?? throw new InvalidRequestException(PathField, "is required: the transcript file this hook is about (this event has none to import)");
            return new HookPayload(Resolve(path, home), OptionalString(root, "session_id"), OptionalString(root, "hook_event_name"));
        }
    }

    private static string? OptionalString(JsonElement root, string name) =>
        !root.TryGetField(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new InvalidRequestException(name, $"must be a string (got {value.ValueKind.ToString().ToLowerInvariant()})");

    private static string Resolve(string path, string? home)
    {
        if (path.Length == 0)
        {
            throw new InvalidRequestException(PathField, "must not be empty");
        }

        if (path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = home is { Length: > 0 }
                ? Path.Combine(home, path[2..])
                : throw new InvalidRequestException(PathField, $"starts with ~/ but there is no home directory to read it in (got \"{path}\")");
        }

        return Path.IsPathFullyQualified(path) && path.IndexOf('\0', StringComparison.Ordinal) < 0
            ? path
            : throw new InvalidRequestException(PathField, $"must be an absolute path (got \"{path}\")");
    }

    /// <summary>What the JSON reader found wrong, and where, in words (its message ends in "LineNumber: 0 | BytePositionInLine: 0.", counted from zero).</summary>
    private static string Plain(JsonException invalid)
    {
        var what = invalid.Message;
        foreach (var tail in (string[])[" Path:", " LineNumber:"])
        {
            if (what.IndexOf(tail, StringComparison.Ordinal) is var at and >= 0)
            {
                what = what[..at];
            }
        }

        what = what.TrimEnd(' ', '.');
        return invalid.LineNumber is { } line && invalid.BytePositionInLine is { } position
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{what} (line {line + 1}, byte {position + 1})")
            : what;
    }
}
