using System.Text.Json;

namespace Engram.Sessions.Formats;

/// <summary>
/// Hosted agent sessions' events (<c>GET /v1/sessions/{id}/events</c>): JSON Lines of events, a JSON array of
/// them, or the list response <c>{"data": [...]}</c> (one or several pages). Each event's <c>id</c> is its
/// source key; its time is <c>processed_at</c> (or <c>created_at</c>). MCP tools are named
/// <c>mcp__{server}__{name}</c>, as Claude Code names them, so one tool has one name across formats. The events do
/// not say which agent ran them; an export that also holds the session object (<c>GET /v1/sessions/{id}</c>, a record of
/// type <c>session</c>, usually first) does, and its agent's name, model, title and id become the transcript's metadata.
/// </summary>
internal sealed class HostedEventsFormat : ITranscriptFormat
{
    private static readonly string[] ArrayProperties = ["data"];

    private static readonly string[] Domains = ["user.", "agent.", "session.", "span.", "system."];

    private const string SessionType = "session";

    /// <inheritdoc/>
    public string Name => "events";

    /// <inheritdoc/>
    public bool Recognizes(TranscriptSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var records = JsonDocuments.Sample(sample, ArrayProperties).Where(r => r.Kind == JsonRecordKind.Element).Take(8).ToList();
        return records.Any(r => IsEvent(r.Value)) && records.All(r => IsEvent(r.Value) || IsSession(r.Value));
    }

    /// <inheritdoc/>
    public async Task<TranscriptReadResult> ReadAsync(string path, Func<TranscriptEvent, ValueTask> onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        var reading = new Reading(path);
        await foreach (var record in JsonDocuments.ReadAsync(path, ArrayProperties, cancellationToken).ConfigureAwait(false))
        {
            if (record.Kind == JsonRecordKind.Skipped)
            {
                reading.Skipped.Add(new SkippedRecord(path, record.Line, record.Reason!));
            }
            else if (record.Kind == JsonRecordKind.Element && reading.Translate(record) is { } normalized)
            {
                reading.Events++;
                await onEvent(normalized).ConfigureAwait(false);
            }
        }

        return reading.Result();
    }

    private static bool IsEvent(JsonElement record) =>
        ContentBlocks.String(record, "type") is { } type && Domains.Any(d => type.StartsWith(d, StringComparison.Ordinal)) && !record.TryGetField("role", out _);

    /// <summary>The session object itself (<c>{"type": "session", "id": "sesn_…", "agent": {…}}</c>), saved with its events.</summary>
    private static bool IsSession(JsonElement record) =>
        ContentBlocks.String(record, "type") == SessionType && ContentBlocks.String(record, "id") is not null && !record.TryGetField("role", out _);

    /// <summary>The state of one file's read: pairing ids, times, usage.</summary>
    private sealed class Reading(string path)
    {
        private readonly Dictionary<string, string> _toolNames = new(StringComparer.Ordinal);
        private DateTimeOffset? _start;
        private DateTimeOffset? _end;
        private TokenUsage? _usage;
        private string? _sessionId;
        private string? _agent;
        private string? _model;
        private string? _title;

        public List<SkippedRecord> Skipped { get; } = [];

        public long Events { get; set; }

        public TranscriptEvent? Translate(JsonRecord record)
        {
            var value = record.Value;
            if (ContentBlocks.String(value, "type") is not { } type)
            {
                Skipped.Add(new SkippedRecord(path, record.Line, "no event type"));
                return null;
            }

            if (type == SessionType && IsSession(value))
            {
                ReadSession(value);
                return null;
            }

            var timestamp = JsonDocuments.Timestamp(value, "processed_at") ?? JsonDocuments.Timestamp(value, "created_at");
            JsonDocuments.Widen(ref _start, ref _end, timestamp);
            _sessionId ??= ContentBlocks.String(value, "session_id");
            var key = ContentBlocks.String(value, "id") ?? $"e{record.Index}";
            var offPath = ContentBlocks.String(value, "session_thread_id") is { Length: > 0 };
            var normalized = new TranscriptEvent(TranscriptEventKind.Marker, key, timestamp, type, OffPath: offPath, Raw: record.Raw, Line: record.Line);
            switch (type)
            {
                case "user.message":
                    return normalized with { Kind = TranscriptEventKind.UserMessage, Text = Content(value) };
                case "agent.message":
                    return normalized with { Kind = TranscriptEventKind.AgentMessage, Text = Content(value) };
                case "agent.thinking":
                    return normalized with { Kind = TranscriptEventKind.Thinking, Text = Content(value) ?? ContentBlocks.String(value, "thinking") };
                case "agent.tool_use" or "agent.mcp_tool_use" or "agent.custom_tool_use":
                    var name = ToolName(value);
                    if (name is not null)
                    {
                        _toolNames[key] = name;
                    }

                    return normalized with
                    {
                        Kind = TranscriptEventKind.ToolUse, Text = null, ToolUseId = key, ToolName = name,
                        ToolInput = value.TryGetField("input", out var input) ? input.GetRawText() : null,
                    };
                case "agent.tool_result" or "agent.mcp_tool_result" or "user.custom_tool_result" or "user.tool_result":
                    var useId = ContentBlocks.String(value, "tool_use_id") ?? ContentBlocks.String(value, "mcp_tool_use_id") ?? ContentBlocks.String(value, "custom_tool_use_id");
                    return normalized with
                    {
                        Kind = TranscriptEventKind.ToolResult, Text = Content(value), ToolUseId = useId,
                        ToolName = useId is not null && _toolNames.TryGetValue(useId, out var toolName) ? toolName : null,
                        IsError = value.TryGetField("is_error", out var isError) && isError.ValueKind == JsonValueKind.True,
                    };
                case "session.error":
                    return normalized with { Kind = TranscriptEventKind.Error, Text = ErrorText(value) ?? type };
                case "system.message":
                    return normalized with { Text = Content(value) ?? type };
                case "span.model_request_end":
                    AddUsage(value);
                    return normalized;
                default:
                    return type.Contains("compact", StringComparison.Ordinal)
                        ? normalized with { Kind = TranscriptEventKind.Compaction, Text = Content(value) ?? ContentBlocks.String(value, "summary") }
                        : normalized;
            }
        }

        public TranscriptReadResult Result() => new(
            new TranscriptMetadata(
                ExternalId: _sessionId ?? SessionIdFromFileName(path), Agent: _agent, Title: _title, StartedAt: _start, EndedAt: _end, Model: _model, Usage: _usage),
            Skipped,
            Events);

        /// <summary>
        /// What the session object says: its id, title, and the agent that ran it (<c>agent</c> is a snapshot of the agent,
        /// <c>{type: "agent", id, name, model: {id} or "id", version, …}</c>). It is the session's own word, so it wins over
        /// the <c>session_id</c> events may carry.
        /// </summary>
        private void ReadSession(JsonElement session)
        {
            _sessionId = ContentBlocks.String(session, "id") ?? _sessionId;
            _title = ContentBlocks.String(session, "title") ?? _title;
            if (session.TryGetField("agent", out var agent) && agent.ValueKind == JsonValueKind.Object)
            {
                _agent = ContentBlocks.String(agent, "name") ?? _agent;
                _model = agent.TryGetField("model", out var model) && model.ValueKind == JsonValueKind.Object
                    ? ContentBlocks.String(model, "id") ?? _model
                    : ContentBlocks.String(agent, "model") ?? _model;
            }
        }

        private static string? Content(JsonElement value) => value.TryGetField("content", out var content) ? ContentBlocks.ToText(content) : null;

        private static string? ToolName(JsonElement value)
        {
            var name = ContentBlocks.String(value, "name");
            return ContentBlocks.String(value, "mcp_server_name") is { } server && name is not null ? $"mcp__{server}__{name}" : name;
        }

        private static string? ErrorText(JsonElement value)
        {
            if (!value.TryGetField("error", out var error))
            {
                return ContentBlocks.String(value, "message");
            }

            return error.ValueKind == JsonValueKind.String
                ? error.GetString()
                : ContentBlocks.String(error, "message") is { } message
                    ? ContentBlocks.String(error, "type") is { } kind ? $"{kind}: {message}" : message
                    : ContentBlocks.String(error, "type");
        }

        private void AddUsage(JsonElement value)
        {
            if (!value.TryGetField("model_usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var response = new TokenUsage(Count(usage, "input_tokens"), Count(usage, "output_tokens"), Count(usage, "cache_creation_input_tokens"), Count(usage, "cache_read_input_tokens"));
            _usage = (_usage ?? TokenUsage.Zero).Add(response);
        }

        private static long Count(JsonElement usage, string name) =>
            usage.TryGetField(name, out var count) && count.TryGetLong(out var value) ? value : 0;

        /// <summary>An export saved as <c>sesn_….json(l)</c> names its session; the events themselves do not.</summary>
        private static string? SessionIdFromFileName(string path) =>
            Path.GetFileNameWithoutExtension(path) is { } stem && stem.StartsWith("sesn_", StringComparison.Ordinal) ? stem : null;
    }
}
