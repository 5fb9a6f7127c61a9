using System.Text.Json;

namespace Engram.Sessions.Formats;

/// <summary>
/// Codex CLI rollouts (<c>~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl</c>), in both shapes: current lines
/// <c>{timestamp, type, payload}</c> (<c>session_meta</c>, <c>turn_context</c>, <c>response_item</c>,
/// <c>event_msg</c>, <c>compacted</c>), and the older first line <c>{id, timestamp, instructions}</c> followed
/// by bare response items and <c>{record_type: "state"}</c> lines. Records have no ids, so each event is keyed
/// <c>line:{line}</c>. Token usage is the last cumulative <c>token_count</c>; Codex counts cached input inside
/// input, so <see cref="TokenUsage.InputTokens"/> is input minus cached, as in the other formats.
/// </summary>
internal sealed partial class CodexFormat : ITranscriptFormat
{
    private static readonly string[] RolloutTypes = ["session_meta", "response_item", "turn_context", "event_msg", "compacted"];

    /// <inheritdoc/>
    public string Name => "codex";

    /// <inheritdoc/>
    public bool Recognizes(TranscriptSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (!JsonDocuments.SampleIsLines(sample))
        {
            return false;
        }

        // No element at all gives the default record, whose kind reads as Element and whose value is no object.
        var first = JsonDocuments.Sample(sample, []).FirstOrDefault(r => r.Kind == JsonRecordKind.Element);
        if (first.Kind != JsonRecordKind.Element || first.Value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var record = first.Value;
        return ContentBlocks.String(record, "type") is { } type
            ? RolloutTypes.Contains(type) && record.TryGetField("payload", out _)
            : IsLegacyMeta(record) || ContentBlocks.String(record, "record_type") is not null;
    }

    /// <inheritdoc/>
    public async Task<TranscriptReadResult> ReadAsync(string path, Func<TranscriptEvent, ValueTask> onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        var reading = new Reading();
        await foreach (var record in JsonDocuments.ReadLinesAsync(path, [], cancellationToken).ConfigureAwait(false))
        {
            if (record.Kind == JsonRecordKind.Skipped)
            {
                reading.Skipped.Add(new SkippedRecord(path, record.Line, record.Reason!));
            }
            else if (reading.Translate(record) is { } normalized)
            {
                reading.Events++;
                await onEvent(normalized).ConfigureAwait(false);
            }
        }

        return reading.Result();
    }

    /// <summary>The first line of an older rollout: the session's id and start, with no record type.</summary>
    private static bool IsLegacyMeta(JsonElement record) =>
        !record.TryGetField("type", out _) && ContentBlocks.String(record, "id") is not null && record.TryGetField("timestamp", out _)
        && (record.TryGetField("instructions", out _) || record.TryGetField("git", out _));

    /// <summary>The state of one file's read: session metadata, times, usage, which call ids name which tools.</summary>
    private sealed partial class Reading
    {
        private readonly Dictionary<string, string> _toolNames = new(StringComparer.Ordinal);
        private DateTimeOffset? _start;
        private DateTimeOffset? _end;
        private string? _sessionId;
        private string? _agent;
        private string? _workingDirectory;
        private string? _branch;
        private string? _model;
        private TokenUsage? _usage;

        public List<SkippedRecord> Skipped { get; } = [];

        public long Events { get; set; }

        public TranscriptEvent? Translate(JsonRecord record)
        {
            var value = record.Value;
            var timestamp = JsonDocuments.Timestamp(value, "timestamp");
            JsonDocuments.Widen(ref _start, ref _end, timestamp);
            var type = ContentBlocks.String(value, "type");
            if (type is null)
            {
                if (IsLegacyMeta(value))
                {
                    Meta(value);
                }

                return null; // {record_type: "state"} and other untyped lines carry nothing to keep
            }

            if (!value.TryGetField("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
            {
                return Item(value, type, record, timestamp); // the older shape: a bare response item
            }

            switch (type)
            {
                case "session_meta":
                    Meta(payload);
                    return null;
                case "turn_context":
                    _workingDirectory = ContentBlocks.String(payload, "cwd") ?? _workingDirectory;
                    _model = ContentBlocks.String(payload, "model") ?? _model;
                    return null;
                case "response_item":
                    return ContentBlocks.String(payload, "type") is { } itemType ? Item(payload, itemType, record, timestamp) : null;
                case "event_msg":
                    return EventMessage(payload, record, timestamp);
                case "compacted":
                    return new TranscriptEvent(TranscriptEventKind.Compaction, Key(record), timestamp, ContentBlocks.String(payload, "message"), Raw: record.Raw, Line: record.Line);
                default:
                    return new TranscriptEvent(TranscriptEventKind.Marker, Key(record), timestamp, type, Raw: record.Raw, Line: record.Line);
            }
        }

        public TranscriptReadResult Result() => new(
            new TranscriptMetadata(_sessionId, _agent, null, _start, _end, _workingDirectory, _branch, _model, _usage),
            Skipped,
            Events);

        private static string Key(JsonRecord record) => $"line:{record.Line}";

        private void Meta(JsonElement meta)
        {
            _sessionId = ContentBlocks.String(meta, "id") ?? ContentBlocks.String(meta, "session_id") ?? _sessionId;
            _agent = ContentBlocks.String(meta, "originator") ?? _agent;
            _workingDirectory = ContentBlocks.String(meta, "cwd") ?? _workingDirectory;
            _model = ContentBlocks.String(meta, "model") ?? _model;
            if (meta.TryGetField("git", out var git))
            {
                _branch = ContentBlocks.String(git, "branch") ?? _branch;
            }

            JsonDocuments.Widen(ref _start, ref _end, JsonDocuments.Timestamp(meta, "timestamp"));
        }

        private TranscriptEvent? EventMessage(JsonElement payload, JsonRecord record, DateTimeOffset? timestamp)
        {
            switch (ContentBlocks.String(payload, "type"))
            {
                case "token_count":
                    if (payload.TryGetField("info", out var info) && info.ValueKind == JsonValueKind.Object
                        && info.TryGetField("total_token_usage", out var total) && total.ValueKind == JsonValueKind.Object)
                    {
                        var cached = Count(total, "cached_input_tokens");
                        _usage = new TokenUsage(Math.Max(0, Count(total, "input_tokens") - cached), Count(total, "output_tokens"), 0, cached);
                    }

                    return null;
                case "error":
                    // Runtime errors appear only here; the other event messages repeat response items.
                    return new TranscriptEvent(TranscriptEventKind.Error, Key(record), timestamp, ContentBlocks.String(payload, "message"), Raw: record.Raw, Line: record.Line);
                default:
                    return null;
            }
        }

        private static long Count(JsonElement usage, string name) =>
            usage.TryGetField(name, out var count) && count.TryGetLong(out var value) ? value : 0;
    }
}
