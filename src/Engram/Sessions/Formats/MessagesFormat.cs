using System.Text.Json;

namespace Engram.Sessions.Formats;

/// <summary>
/// A Messages API conversation: a JSON array of <c>{role, content}</c>, or <c>{messages: [...], system?, model?}</c>.
/// A string content is one event keyed <c>m{index}</c>; block content gives one event a block, keyed
/// <c>m{index}:{block}</c>. The format has no times. It is told from OpenAI chat logs by being a JSON document
/// with none of OpenAI's markers (system/tool roles, <c>tool_calls</c>).
/// </summary>
internal sealed class MessagesFormat : ITranscriptFormat
{
    private static readonly string[] ArrayProperties = ["messages"];

    /// <inheritdoc/>
    public string Name => "messages";

    /// <inheritdoc/>
    /// <remarks>Never an agent harness's trajectory, though one may hold a <c>messages</c> array of user and assistant turns.</remarks>
    public bool Recognizes(TranscriptSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (JsonDocuments.SampleIsLines(sample) || MiniSweAgentFormat.IsTrajectory(sample) || SweAgentFormat.IsTrajectory(sample))
        {
            return false;
        }

        var records = JsonDocuments.Sample(sample, ArrayProperties).Where(r => r.Kind == JsonRecordKind.Element).ToList();
        return records.Count > 0
            && records.All(r => ContentBlocks.String(r.Value, "role") is "user" or "assistant" && r.Value.TryGetField("content", out _))
            && !records.Any(r => OpenAiChatFormat.HasOpenAiMarkers(r.Value));
    }

    /// <inheritdoc/>
    public async Task<TranscriptReadResult> ReadAsync(string path, Func<TranscriptEvent, ValueTask> onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        var skipped = new List<SkippedRecord>();
        var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var events = 0L;
        string? model = null;
        var pending = new List<TranscriptEvent>();
        await foreach (var record in JsonDocuments.ReadAsync(path, ArrayProperties, cancellationToken).ConfigureAwait(false))
        {
            switch (record.Kind)
            {
                case JsonRecordKind.Skipped:
                    skipped.Add(new SkippedRecord(path, record.Line, record.Reason!));
                    continue;
                case JsonRecordKind.Property when record.Name == "model":
                    model = record.Value.ValueKind == JsonValueKind.String ? record.Value.GetString() : model;
                    continue;
                case JsonRecordKind.Property when record.Name == "system":
                    pending.Add(new TranscriptEvent(TranscriptEventKind.Marker, "system", null, ContentBlocks.ToText(record.Value), Raw: record.Raw));
                    break;
                case JsonRecordKind.Property:
                    continue;
                default:
                    Translate(record, toolNames, pending, skipped, path);
                    break;
            }

            foreach (var normalized in pending)
            {
                events++;
                await onEvent(normalized).ConfigureAwait(false);
            }

            pending.Clear();
        }

        return new TranscriptReadResult(new TranscriptMetadata(Model: model), skipped, events);
    }

    private static void Translate(JsonRecord record, Dictionary<string, string> toolNames, List<TranscriptEvent> output, List<SkippedRecord> skipped, string path)
    {
        var message = record.Value;
        var role = ContentBlocks.String(message, "role");
        if (role is not ("user" or "assistant" or "system"))
        {
            skipped.Add(new SkippedRecord(path, record.Index, role is null ? "no role" : $"unknown role '{role}'"));
            return;
        }

        var key = $"m{record.Index}";
        var textKind = role switch
        {
            "user" => TranscriptEventKind.UserMessage,
            "assistant" => TranscriptEventKind.AgentMessage,
            _ => TranscriptEventKind.Marker,
        };
        if (!message.TryGetField("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            var text = message.TryGetField("content", out content) ? ContentBlocks.ToText(content) : null;
            output.Add(new TranscriptEvent(textKind, key, null, text, Raw: record.Raw, Line: record.Index));
            return;
        }

        var index = 0;
        foreach (var block in content.EnumerateArray())
        {
            var blockKey = $"{key}:{index++}";
            var raw = block.GetRawText();
            var normalized = new TranscriptEvent(textKind, blockKey, null, null, Raw: raw, Line: record.Index);
            output.Add(ContentBlocks.String(block, "type") switch
            {
                "tool_use" or "server_tool_use" or "mcp_tool_use" => ToolUse(normalized, block, toolNames),
                "tool_result" => ToolResult(normalized, block, toolNames),
                "thinking" => normalized with { Kind = TranscriptEventKind.Thinking, Text = ContentBlocks.String(block, "thinking") },
                "redacted_thinking" => normalized with { Kind = TranscriptEventKind.Thinking },
                _ => normalized with { Text = ContentBlocks.BlockText(block) },
            });
        }
    }

    private static TranscriptEvent ToolUse(TranscriptEvent normalized, JsonElement block, Dictionary<string, string> toolNames)
    {
        var id = ContentBlocks.String(block, "id");
        var name = ContentBlocks.String(block, "name");
        if (id is not null && name is not null)
        {
            toolNames[id] = name;
        }

        return normalized with
        {
            Kind = TranscriptEventKind.ToolUse, ToolUseId = id, ToolName = name,
            ToolInput = block.TryGetField("input", out var input) ? input.GetRawText() : null,
        };
    }

    private static TranscriptEvent ToolResult(TranscriptEvent normalized, JsonElement block, Dictionary<string, string> toolNames)
    {
        var id = ContentBlocks.String(block, "tool_use_id");
        return normalized with
        {
            Kind = TranscriptEventKind.ToolResult, Text = ContentBlocks.BlockText(block), ToolUseId = id,
            ToolName = id is not null && toolNames.TryGetValue(id, out var name) ? name : null,
            IsError = block.TryGetField("is_error", out var isError) && isError.ValueKind == JsonValueKind.True,
        };
    }
}
