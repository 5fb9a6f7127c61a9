using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Engram.Sessions.Formats;

internal sealed partial class OpenAiChatFormat
{
    private static readonly HashSet<string> KnownRoles = new(StringComparer.Ordinal) { "system", "developer", "user", "assistant", "tool", "function" };

    /// <summary>The text of OpenAI content: a string, or parts whose text is joined and whose images become placeholders.</summary>
    internal static string? ContentText(JsonElement message)
    {
        if (!message.TryGetField("content", out var content))
        {
            return null;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return content.ValueKind == JsonValueKind.String ? content.GetString() : null;
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            var piece = ContentBlocks.String(part, "type") switch
            {
                "image_url" or "input_image" => ImagePlaceholder(part),
                "refusal" => ContentBlocks.String(part, "refusal"),
                _ => ContentBlocks.BlockText(part),
            };
            if (piece is { Length: > 0 })
            {
                text.Append(text.Length > 0 ? "\n\n" : "").Append(piece);
            }
        }

        return text.Length == 0 ? null : text.ToString();
    }

    /// <summary>An image part as the same placeholder <see cref="ContentBlocks"/> writes: base64 never reaches search or a model.</summary>
    internal static string ImagePlaceholder(JsonElement part)
    {
        var url = part.TryGetField("image_url", out var image)
            ? image.ValueKind == JsonValueKind.String ? image.GetString() : ContentBlocks.String(image, "url")
            : null;
        const string DataPrefix = "data:";
        const string Base64Marker = ";base64,";
        if (url is null || !url.StartsWith(DataPrefix, StringComparison.Ordinal))
        {
            return url is null ? "[image: unknown]" : $"[image: {url}]";
        }

        var marker = url.IndexOf(Base64Marker, StringComparison.Ordinal);
        if (marker < 0)
        {
            return "[image: unknown]";
        }

        var mediaType = url[DataPrefix.Length..marker];
        var size = (url.Length - marker - Base64Marker.Length) * 3L / 4; // base64 to bytes
        return string.Create(CultureInfo.InvariantCulture, $"[image: {mediaType}, {size:N0} bytes]");
    }

    /// <summary>The state of one file's read: which call ids name which tools, times, the model.</summary>
    private sealed class Reading(string path)
    {
        private readonly Dictionary<string, string> _toolNames = new(StringComparer.Ordinal);
        private DateTimeOffset? _start;
        private DateTimeOffset? _end;

        public List<SkippedRecord> Skipped { get; } = [];

        public long Events { get; set; }

        public string? Model { get; set; }

        public void Translate(JsonRecord record, List<TranscriptEvent> output)
        {
            var message = record.Value;
            var role = ContentBlocks.String(message, "role");
            if (role is null || !KnownRoles.Contains(role))
            {
                Skipped.Add(new SkippedRecord(path, record.Line, role is null ? "no role" : $"unknown role '{role}'"));
                return;
            }

            var timestamp = Timestamp(message);
            JsonDocuments.Widen(ref _start, ref _end, timestamp);
            Model = ContentBlocks.String(message, "model") ?? Model;
            var key = $"m{record.Index}";
            var normalized = new TranscriptEvent(TranscriptEventKind.Marker, key, timestamp, ContentText(message), Raw: record.Raw, Line: record.Line);
            switch (role)
            {
                case "system" or "developer":
                    output.Add(normalized);
                    break;
                case "user":
                    output.Add(normalized with { Kind = TranscriptEventKind.UserMessage });
                    break;
                case "assistant":
                    Assistant(message, normalized, output);
                    break;
                default:
                    var callId = ContentBlocks.String(message, "tool_call_id");
                    var name = callId is not null && _toolNames.TryGetValue(callId, out var called)
                        ? called
                        : role == "function" ? ContentBlocks.String(message, "name") : null;
                    output.Add(normalized with
                    {
                        Kind = TranscriptEventKind.ToolResult, ToolUseId = callId, ToolName = name,
                        IsError = normalized.Text is { } text && LooksLikeFailure(text),
                    });
                    break;
            }
        }

        public TranscriptReadResult Result() => new(new TranscriptMetadata(StartedAt: _start, EndedAt: _end, Model: Model), Skipped, Events);

        private void Assistant(JsonElement message, TranscriptEvent normalized, List<TranscriptEvent> output)
        {
            var text = normalized.Text ?? ContentBlocks.String(message, "refusal");
            if (text is { Length: > 0 })
            {
                output.Add(normalized with { Kind = TranscriptEventKind.AgentMessage, Text = text });
            }

            var call = 0;
            if (message.TryGetField("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                foreach (var toolCall in calls.EnumerateArray())
                {
                    var id = ContentBlocks.String(toolCall, "id");
                    toolCall.TryGetField("function", out var function);
                    output.Add(ToolUse(normalized, $"{normalized.SourceKey}:{call++}", id, function, toolCall.GetRawText()));
                }
            }

            if (message.TryGetField("function_call", out var legacy) && legacy.ValueKind == JsonValueKind.Object)
            {
                output.Add(ToolUse(normalized, $"{normalized.SourceKey}:{call}", null, legacy, legacy.GetRawText()));
            }
        }

        private TranscriptEvent ToolUse(TranscriptEvent normalized, string key, string? id, JsonElement function, string raw)
        {
            var name = ContentBlocks.String(function, "name");
            if (id is not null && name is not null)
            {
                _toolNames[id] = name;
            }

            var arguments = function.ValueKind == JsonValueKind.Object && function.TryGetField("arguments", out var value)
                ? value.ValueKind == JsonValueKind.String ? JsonDocuments.AsJson(value.GetString()!) : value.GetRawText()
                : null;
            return normalized with { Kind = TranscriptEventKind.ToolUse, SourceKey = key, Text = null, ToolUseId = id, ToolName = name, ToolInput = arguments, Raw = raw };
        }

        /// <summary>Chat logs seldom carry times; when they do it is an ISO string or Unix seconds (<c>created</c>).</summary>
        private static DateTimeOffset? Timestamp(JsonElement message) =>
            JsonDocuments.Timestamp(message, "timestamp") ?? JsonDocuments.Timestamp(message, "created_at")
            ?? JsonDocuments.UnixSeconds(message, "created");
    }
}
