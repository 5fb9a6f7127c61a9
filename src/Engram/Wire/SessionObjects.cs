using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engram.Wire;

/// <summary>
/// One event of a session as <c>GET /v1/sessions/{id}/events</c> lists it: the hosted API's typed event
/// (<c>type</c>, <c>content</c> blocks, <c>name</c>/<c>input</c>, <c>tool_use_id</c>/<c>is_error</c>,
/// <c>processed_at</c>), plus Engram's fields: its position, source key, whether it is off the path the
/// session ended on, where it was read, and (on request) the raw record.
/// </summary>
internal sealed record SessionEventJson(
    string Id,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TextBlockJson>? Content,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Input,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ToolUseId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? IsError,
    DateTimeOffset? ProcessedAt,
    long Index,
    string SourceKey,
    bool OffPath,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? File,
    long Line,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Raw)
{
    /// <summary>For tool results: the command's exit code, when the transcript recorded one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ExitCode { get; init; }
}

/// <summary>A text content block.</summary>
internal sealed record TextBlockJson(string Text)
{
    /// <summary>Always <c>text</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "text";
}

/// <summary>Extension: one normalized event, as appended through <c>POST /v1/engram/sessions/{id}/events</c>.</summary>
internal sealed record TranscriptEventJson(
    string? Kind,
    string? SourceKey,
    DateTimeOffset? Timestamp,
    string? Text,
    string? ToolUseId,
    string? ToolName,
    string? ToolInput,
    bool? IsError,
    bool? OffPath,
    string? Raw,
    long? Line,
    string? File,
    int? ExitCode = null);

/// <summary>Extension: the body of an append.</summary>
internal sealed record AppendEventsJson(IReadOnlyList<TranscriptEventJson>? Events);

/// <summary>Extension: what an append did.</summary>
internal sealed record AppendEventsResultJson(int Added, int AlreadyHeld);

/// <summary>Extension: find or create the session a transcript file is imported into (by its path, else by its content).</summary>
internal sealed record OpenTranscriptJson(string? Format, string? Source, string? Agent, string? Title, string? ContentId = null);

/// <summary>Extension: the session a transcript goes into, and whether it was found by its content (a copy at another path).</summary>
internal sealed record OpenedTranscriptJson(SessionJson Session, TranscriptJson Transcript, bool Created, bool FoundByContent = false);

/// <summary>Extension: what a fully read transcript said, its file's fingerprint, and the agent it says the session ran as.</summary>
internal sealed record CompleteTranscriptJson(
    TranscriptMetadataJson? Metadata, long? SourceSize, DateTimeOffset? SourceModified, string? ContentId = null, string? Agent = null);

/// <summary>Extension: a session's transcript: its format and source, what it says about the session, its size.</summary>
internal sealed record TranscriptJson(
    string Format,
    string? Source,
    long SourceSize,
    DateTimeOffset? SourceModified,
    TranscriptMetadataJson Metadata,
    long Events,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ContentId = null);

/// <summary>What a transcript says about its session.</summary>
internal sealed record TranscriptMetadataJson(
    string? ExternalId,
    string? Agent,
    string? Title,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? WorkingDirectory,
    string? GitBranch,
    string? Model,
    UsageJson? Usage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Outcome = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Project = null);

/// <summary>Token counts.</summary>
internal sealed record UsageJson(long InputTokens, long OutputTokens, long CacheCreationInputTokens, long CacheReadInputTokens);

/// <summary>Extension: the events of the session that wrote a version, around the write.</summary>
internal sealed record SessionEventsAroundJson(string SessionId, IReadOnlyList<SessionEventJson> Data);
