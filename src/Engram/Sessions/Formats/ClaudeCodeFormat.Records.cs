using System.Text.Json;

namespace Engram.Sessions.Formats;

internal sealed partial class ClaudeCodeFormat
{
    private sealed partial class Reading
    {
        /// <summary>
        /// A person's message, or the tool results Claude Code sends back as one. <c>toolUseResult</c> is ignored:
        /// it repeats the content in a tool-specific shape.
        /// </summary>
        private void MapUser(JsonElement record, RecordContext context)
        {
            if (!TryContent(record, out var content))
            {
                return;
            }

            if (IsTrue(record, "isCompactSummary"))
            {
                Add(context.Event(TranscriptEventKind.Compaction, context.Key, ContentBlocks.ToText(content)));
                return;
            }

            // Meta records are text Claude Code injects (caveats, skill bodies), not something the person wrote.
            if (IsTrue(record, "isMeta"))
            {
                Add(context.Event(TranscriptEventKind.Marker, context.Key, ContentBlocks.ToText(content)));
                return;
            }

            if (content.ValueKind == JsonValueKind.String)
            {
                Add(UserText(context, context.Key, content.GetString()!));
                return;
            }

            if (content.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            var index = 0;
            foreach (var block in content.EnumerateArray())
            {
                var key = context.BlockKey(index++);
                if (ContentBlocks.String(block, "type") is { } type && type.EndsWith("tool_result", StringComparison.Ordinal))
                {
                    Add(ToolResult(block, key, context));
                }
                else if (ContentBlocks.BlockText(block) is { } text)
                {
                    Add(UserText(context, key, text));
                }
            }
        }

        /// <summary>A user-role text: the person's words, or (<see cref="HarnessText"/>) text Claude Code wrote there, kept as a marker.</summary>
        private static TranscriptEvent UserText(RecordContext context, string key, string text) =>
            HarnessText.IsHarness(text)
                ? context.Event(TranscriptEventKind.Marker, key, text)
                : context.Event(TranscriptEventKind.UserMessage, key, HarnessText.WithoutReminders(text));

        /// <summary>One event per content block; the response's usage and model go to the session's facts.</summary>
        private void MapAssistant(JsonElement record, RecordContext context, bool mainFile)
        {
            if (record.TryGetField("message", out var message) && message.ValueKind == JsonValueKind.Object)
            {
                facts.ObserveResponse(message, mainFile);
            }

            if (!TryContent(record, out var content))
            {
                return;
            }

            // Claude Code records a failed API call as an assistant message whose text is the error.
            var textKind = IsTrue(record, "isApiErrorMessage") ? TranscriptEventKind.Error : TranscriptEventKind.AgentMessage;
            if (content.ValueKind == JsonValueKind.String)
            {
                Add(context.Event(textKind, context.Key, content.GetString()));
                return;
            }

            if (content.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            var index = 0;
            foreach (var block in content.EnumerateArray())
            {
                var key = context.BlockKey(index++);
                switch (ContentBlocks.String(block, "type"))
                {
                    case "text":
                        Add(context.Event(textKind, key, ContentBlocks.String(block, "text")));
                        break;
                    case "thinking":
                        Add(context.Event(TranscriptEventKind.Thinking, key, ContentBlocks.String(block, "thinking")));
                        break;
                    case "redacted_thinking":
                        Add(context.Event(TranscriptEventKind.Thinking, key, ""));
                        break;
                    case { } type when type.EndsWith("tool_use", StringComparison.Ordinal): // also server_tool_use, mcp_tool_use
                        var id = ContentBlocks.String(block, "id");
                        var name = ContentBlocks.String(block, "name");
                        if (id is not null && name is not null)
                        {
                            _toolNames.TryAdd(id, name);
                        }

                        var input = block.TryGetField("input", out var inputElement) ? inputElement.GetRawText() : null;
                        Add(context.Event(TranscriptEventKind.ToolUse, key, null, id, name, input));
                        break;
                    case { } type when type.EndsWith("tool_result", StringComparison.Ordinal): // a server tool's result, e.g. web search
                        Add(ToolResult(block, key, context));
                        break;
                }
            }
        }

        /// <summary>Compaction boundaries, runtime errors, and other notices (kept as markers).</summary>
        private void MapSystem(JsonElement record, RecordContext context)
        {
            var subtype = ContentBlocks.String(record, "subtype");
            var content = ContentBlocks.String(record, "content");
            var kind = IsCompaction(subtype, content) ? TranscriptEventKind.Compaction
                : ContentBlocks.String(record, "level") == "error" || subtype == "api_error" ? TranscriptEventKind.Error
                : TranscriptEventKind.Marker;
            Add(context.Event(kind, context.Key, content ?? subtype));
        }

        /// <summary>
        /// A summary of the conversation up to <c>leafUuid</c>. It is off path unless that record is on the path
        /// the session ended on: a summary of an abandoned branch, or of another session, is not this one's.
        /// </summary>
        private void MapSummary(JsonElement record, RecordContext context, bool mainFile)
        {
            if (ContentBlocks.String(record, "summary") is not { } summary)
            {
                return;
            }

            var leaf = ContentBlocks.String(record, "leafUuid");
            if (mainFile)
            {
                facts.ObserveSummary(summary, leaf is not null && tree.Contains(leaf));
            }

            var offPath = context.OffPath || leaf is null || !mainFile || !tree.IsOnPath(leaf);
            var summaryContext = context with { OffPath = offPath };
            Add(summaryContext.Event(TranscriptEventKind.Compaction, context.Key, summary));
        }

        /// <summary><c>custom-title</c> (the user's) and other title records; they are metadata, not events.</summary>
        private void MapTitle(JsonElement record, string type)
        {
            if ((ContentBlocks.String(record, "customTitle") ?? ContentBlocks.String(record, "title") ?? ContentBlocks.String(record, "aiTitle")) is { Length: > 0 } title)
            {
                facts.ObserveTitle(title, custom: type == "custom-title");
            }
        }

        private TranscriptEvent ToolResult(JsonElement block, string key, RecordContext context)
        {
            // A result whose tool use was never seen (cut from the file, or in another one) keeps a null tool name.
            var toolUseId = ContentBlocks.String(block, "tool_use_id");
            var toolName = toolUseId is not null ? _toolNames.GetValueOrDefault(toolUseId) : null;
            var text = block.TryGetField("content", out var content) ? ContentBlocks.ToText(content) : null;
            var isError = IsTrue(block, "is_error");
            return context.Event(TranscriptEventKind.ToolResult, key, isError ? Unwrapped(text) : text, toolUseId, toolName, isError: isError);
        }

        /// <summary>
        /// Claude Code wraps a tool call it refused before running (a file not read yet, a bad argument) in
        /// <c>&lt;tool_use_error&gt;</c>; the words inside are the error, and the tag would otherwise be quoted as evidence.
        /// </summary>
        private static string? Unwrapped(string? text)
        {
            const string Open = "<tool_use_error>", Close = "</tool_use_error>";
            var trimmed = text?.Trim();
            return trimmed is not null && trimmed.StartsWith(Open, StringComparison.Ordinal) && trimmed.EndsWith(Close, StringComparison.Ordinal)
                && trimmed.Length >= Open.Length + Close.Length
                ? trimmed[Open.Length..^Close.Length].Trim()
                : text;
        }

        private static bool IsCompaction(string? subtype, string? content) =>
            (subtype is not null && subtype.Contains("compact", StringComparison.Ordinal))
            || (content is not null && (content.Contains("compacted", StringComparison.OrdinalIgnoreCase) || content.Contains("compaction", StringComparison.OrdinalIgnoreCase)));

        private static bool TryContent(JsonElement record, out JsonElement content)
        {
            content = default;
            return record.TryGetField("message", out var message) && message.ValueKind == JsonValueKind.Object
                && message.TryGetField("content", out content) && content.ValueKind is JsonValueKind.String or JsonValueKind.Array;
        }

        private static bool IsTrue(JsonElement element, string name) =>
            element.TryGetField(name, out var value) && value.ValueKind == JsonValueKind.True;
    }
}
