using System.Text.Json;

namespace Engram.Sessions.Formats;

/// <summary>
/// OpenAI-style chat logs: a JSON array of chat messages, <c>{messages: [...]}</c>, or JSON Lines of them.
/// Message content is keyed <c>m{index}</c> and each tool call <c>m{index}:{call}</c>. Tool results carry no
/// error flag, so <see cref="LooksLikeFailure"/> infers it from their text.
/// </summary>
internal sealed partial class OpenAiChatFormat : ITranscriptFormat
{
    private static readonly string[] ArrayProperties = ["messages"];

    /// <inheritdoc/>
    public string Name => "openai";

    /// <inheritdoc/>
    /// <remarks>Never an agent harness's trajectory, though one may hold a chat-shaped <c>messages</c> array.</remarks>
    public bool Recognizes(TranscriptSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (MiniSweAgentFormat.IsTrajectory(sample) || SweAgentFormat.IsTrajectory(sample))
        {
            return false;
        }

        var records = JsonDocuments.Sample(sample, ArrayProperties).Where(r => r.Kind == JsonRecordKind.Element).ToList();
        if (records.Count == 0 || !records.All(r => ContentBlocks.String(r.Value, "role") is { } role && KnownRoles.Contains(role)))
        {
            return false;
        }

        // Bare messages a line are OpenAI's log shape; the Messages API only comes as a document.
        return records.Any(r => HasOpenAiMarkers(r.Value)) || (JsonDocuments.SampleIsLines(sample) && !sample.Lines[0].Contains("\"messages\"", StringComparison.Ordinal));
    }

    /// <summary>True when a chat message has something only OpenAI's shape has: a system/tool/function role, tool calls, or OpenAI content parts.</summary>
    internal static bool HasOpenAiMarkers(JsonElement message)
    {
        if (ContentBlocks.String(message, "role") is "system" or "developer" or "tool" or "function"
            || message.TryGetField("tool_calls", out _) || message.TryGetField("tool_call_id", out _) || message.TryGetField("function_call", out _))
        {
            return true;
        }

        return message.TryGetField("content", out var content) && content.ValueKind == JsonValueKind.Array
            && content.EnumerateArray().Any(part => ContentBlocks.String(part, "type") is "image_url" or "input_audio" or "refusal");
    }

    /// <inheritdoc/>
    public async Task<TranscriptReadResult> ReadAsync(string path, Func<TranscriptEvent, ValueTask> onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        var reading = new Reading(path);
        var pending = new List<TranscriptEvent>();
        await foreach (var record in JsonDocuments.ReadAsync(path, ArrayProperties, cancellationToken).ConfigureAwait(false))
        {
            switch (record.Kind)
            {
                case JsonRecordKind.Skipped:
                    reading.Skipped.Add(new SkippedRecord(path, record.Line, record.Reason!));
                    continue;
                case JsonRecordKind.Property:
                    reading.Model = record.Name == "model" && record.Value.ValueKind == JsonValueKind.String ? record.Value.GetString() : reading.Model;
                    continue;
                default:
                    reading.Translate(record, pending);
                    break;
            }

            foreach (var normalized in pending)
            {
                reading.Events++;
                await onEvent(normalized).ConfigureAwait(false);
            }

            pending.Clear();
        }

        return reading.Result();
    }
}
