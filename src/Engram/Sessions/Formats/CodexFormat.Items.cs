using System.Text;
using System.Text.Json;

namespace Engram.Sessions.Formats;

internal sealed partial class CodexFormat
{
    /// <summary>Opening tags of the context Codex injects as user messages: the harness speaking, not the person.</summary>
    private static readonly string[] InjectedContext = ["<environment_context>", "<user_instructions>", "<permissions instructions>", "# AGENTS.md instructions", "<INSTRUCTIONS>"];

    private sealed partial class Reading
    {
        /// <summary>One response item (a <c>response_item</c> payload, or a bare item in the older shape).</summary>
        private TranscriptEvent? Item(JsonElement item, string type, JsonRecord record, DateTimeOffset? timestamp)
        {
            var normalized = new TranscriptEvent(TranscriptEventKind.Marker, Key(record), timestamp, null, Raw: record.Raw, Line: record.Line);
            switch (type)
            {
                case "message":
                    return Message(item, normalized);
                case "reasoning":
                    return normalized with { Kind = TranscriptEventKind.Thinking, Text = Reasoning(item) };
                case "function_call":
                    return ToolUse(item, normalized, ContentBlocks.String(item, "name"), ContentBlocks.String(item, "arguments"));
                case "custom_tool_call":
                    return ToolUse(item, normalized, ContentBlocks.String(item, "name"), ContentBlocks.String(item, "input"));
                case "local_shell_call":
                    return ToolUse(item, normalized, "local_shell", item.TryGetField("action", out var action) ? action.GetRawText() : null);
                case "web_search_call":
                    return ToolUse(item, normalized, "web_search", item.TryGetField("action", out var search) ? search.GetRawText() : null);
                case "function_call_output" or "custom_tool_call_output":
                    return ToolResult(item, normalized);
                case "compaction" or "compaction_summary":
                    return normalized with { Kind = TranscriptEventKind.Compaction };
                default:
                    return normalized with { Text = type };
            }
        }

        private static TranscriptEvent Message(JsonElement item, TranscriptEvent normalized)
        {
            var text = MessageText(item);
            var kind = ContentBlocks.String(item, "role") switch
            {
                "assistant" => TranscriptEventKind.AgentMessage,
                "user" when text is null || !InjectedContext.Any(tag => text.TrimStart().StartsWith(tag, StringComparison.Ordinal)) => TranscriptEventKind.UserMessage,
                _ => TranscriptEventKind.Marker, // developer and system turns, and injected context
            };
            return normalized with { Kind = kind, Text = text };
        }

        private static string? MessageText(JsonElement item)
        {
            if (!item.TryGetField("content", out var content) || content.ValueKind != JsonValueKind.Array)
            {
                return ContentBlocks.String(item, "content");
            }

            return PartsText(content);
        }

        private static string? PartsText(JsonElement content)
        {
            var text = new StringBuilder();
            foreach (var part in content.EnumerateArray())
            {
                var piece = ContentBlocks.String(part, "type") is "input_image" ? OpenAiChatFormat.ImagePlaceholder(part) : ContentBlocks.String(part, "text");
                if (piece is { Length: > 0 })
                {
                    text.Append(text.Length > 0 ? "\n\n" : "").Append(piece);
                }
            }

            return text.Length == 0 ? null : text.ToString();
        }

        private static string? Reasoning(JsonElement item)
        {
            var text = new StringBuilder();
            foreach (var name in (ReadOnlySpan<string>)["summary", "content"])
            {
                if (item.TryGetField(name, out var parts) && parts.ValueKind == JsonValueKind.Array)
                {
                    foreach (var part in parts.EnumerateArray())
                    {
                        if (ContentBlocks.String(part, "text") is { Length: > 0 } piece)
                        {
                            text.Append(text.Length > 0 ? "\n\n" : "").Append(piece);
                        }
                    }
                }
            }

            return text.Length == 0 ? null : text.ToString(); // encrypted-only reasoning is a bare marker
        }

        private TranscriptEvent ToolUse(JsonElement item, TranscriptEvent normalized, string? name, string? input)
        {
            var id = ContentBlocks.String(item, "call_id") ?? ContentBlocks.String(item, "id");
            if (id is not null && name is not null)
            {
                _toolNames[id] = name;
            }

            return normalized with
            {
                Kind = TranscriptEventKind.ToolUse, ToolUseId = id, ToolName = name,
                ToolInput = input is null ? null : JsonDocuments.AsJson(input),
            };
        }

        private TranscriptEvent ToolResult(JsonElement item, TranscriptEvent normalized)
        {
            var id = ContentBlocks.String(item, "call_id");
            var (text, isError) = item.TryGetField("output", out var output) ? Output(output) : (null, false);
            return normalized with
            {
                Kind = TranscriptEventKind.ToolResult, Text = text, ToolUseId = id, IsError = isError,
                ToolName = id is not null && _toolNames.TryGetValue(id, out var name) ? name : null,
            };
        }

        /// <summary>
        /// A tool's output and whether it failed. Shell tools write a JSON string <c>{output, metadata: {exit_code}}</c>
        /// whose exit code decides; older rollouts write <c>{content, success}</c>; MCP results are content items;
        /// anything else is plain text judged by <see cref="OpenAiChatFormat.LooksLikeFailure"/>.
        /// </summary>
        private static (string? Text, bool IsError) Output(JsonElement output)
        {
            switch (output.ValueKind)
            {
                case JsonValueKind.String:
                    var text = output.GetString()!;
                    if (text.StartsWith('{'))
                    {
                        using var document = TranscriptJson.TryParse(text); // output that merely starts with a brace is plain text
                        if (document is not null && Structured(document.RootElement) is { } structured)
                        {
                            return structured;
                        }
                    }

                    return (text, OpenAiChatFormat.LooksLikeFailure(text));
                case JsonValueKind.Object:
                    return Structured(output) ?? (output.GetRawText(), false);
                case JsonValueKind.Array:
                    var items = PartsText(output);
                    return (items, items is not null && OpenAiChatFormat.LooksLikeFailure(items));
                default:
                    return (null, false);
            }
        }

        private static (string? Text, bool IsError)? Structured(JsonElement output)
        {
            if (output.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (ContentBlocks.String(output, "output") is { } text)
            {
                var exitCode = output.TryGetField("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                    && metadata.TryGetField("exit_code", out var code) && code.TryGetLong(out var value)
                        ? value
                        : (long?)null;
                return (text, exitCode is { } exit ? exit != 0 : OpenAiChatFormat.LooksLikeFailure(text));
            }

            if (ContentBlocks.String(output, "content") is { } content)
            {
                var failed = output.TryGetField("success", out var success) && success.ValueKind == JsonValueKind.False;
                return (content, failed || (success.ValueKind != JsonValueKind.True && OpenAiChatFormat.LooksLikeFailure(content)));
            }

            return null;
        }
    }
}
