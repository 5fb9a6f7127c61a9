using System.Text.Json;
using Engram.Errors;
using Engram.Sessions;

namespace Engram.Wire;

/// <summary>Session events and transcripts to and from their wire shapes.</summary>
internal static class SessionMapping
{
    // Kind <-> the hosted API's event type, and Engram's normalized kind name. Compaction and markers have no
    // confirmed hosted name; these are Engram's.
    private static readonly (TranscriptEventKind Kind, string HostedType, string Name)[] Kinds =
    [
        (TranscriptEventKind.UserMessage, "user.message", "user_message"),
        (TranscriptEventKind.AgentMessage, "agent.message", "agent_message"),
        (TranscriptEventKind.ToolUse, "agent.tool_use", "tool_use"),
        (TranscriptEventKind.ToolResult, "agent.tool_result", "tool_result"),
        (TranscriptEventKind.Thinking, "agent.thinking", "thinking"),
        (TranscriptEventKind.Compaction, "agent.thread_context_compacted", "compaction"),
        (TranscriptEventKind.Error, "session.error", "error"),
        (TranscriptEventKind.Marker, "engram.marker", "marker"),
        (TranscriptEventKind.Feedback, "engram.feedback", "feedback"),
    ];

    /// <summary>The hosted event type of a kind.</summary>
    public static string HostedType(TranscriptEventKind kind) => Kinds.First(k => k.Kind == kind).HostedType;

    /// <summary>Engram's name of a kind (<c>user_message</c>, <c>tool_use</c>, ...).</summary>
    public static string Name(TranscriptEventKind kind) => Kinds.First(k => k.Kind == kind).Name;

    public static SessionEventJson ToJson(this StoredEvent stored, bool withRaw)
    {
        var e = stored.Event;
        var content = e.Text is null ? null : (IReadOnlyList<TextBlockJson>)[new TextBlockJson(e.Text)];
        JsonElement? input = null;
        if (e.Kind == TranscriptEventKind.ToolUse && e.ToolInput is { } raw)
        {
            try
            {
                input = JsonDocument.Parse(raw).RootElement.Clone();
            }
            catch (JsonException)
            {
                input = JsonSerializer.SerializeToElement(raw); // the source's arguments were not JSON: shown as a string
            }
        }

        return new SessionEventJson(
            $"sevt_{stored.SessionId}_{stored.Index}", HostedType(e.Kind), content,
            e.Kind is TranscriptEventKind.ToolUse or TranscriptEventKind.ToolResult ? e.ToolName : null, input,
            e.Kind is TranscriptEventKind.ToolUse or TranscriptEventKind.ToolResult ? e.ToolUseId : null,
            e.Kind == TranscriptEventKind.ToolResult ? e.IsError : null,
            e.Timestamp, stored.Index, e.SourceKey, e.OffPath, e.File, e.Line, withRaw ? e.Raw : null)
        {
            ExitCode = e.Kind == TranscriptEventKind.ToolResult ? e.ExitCode : null,
        };
    }

    public static StoredEvent ToModel(this SessionEventJson json, string sessionId)
    {
        var kind = Kinds.FirstOrDefault(k => k.HostedType == json.Type).Kind;
        return new StoredEvent(sessionId, json.Index, new TranscriptEvent(
            kind, json.SourceKey, json.ProcessedAt, json.Content is null ? null : string.Join("\n\n", json.Content.Select(c => c.Text)),
            json.ToolUseId, json.Name, json.Input?.GetRawText(), json.IsError ?? false, json.OffPath, json.Raw ?? "", json.Line, json.File, json.ExitCode));
    }

    public static TranscriptEventJson ToJson(this TranscriptEvent e) => new(
        Name(e.Kind), e.SourceKey, e.Timestamp, e.Text, e.ToolUseId, e.ToolName, e.ToolInput, e.IsError, e.OffPath, e.Raw, e.Line, e.File, e.ExitCode);

    /// <summary>A normalized event from the wire; <paramref name="field"/> names it in errors (<c>events[3]</c>).</summary>
    public static TranscriptEvent ToModel(this TranscriptEventJson? json, string field)
    {
        if (json is null)
        {
            throw new InvalidRequestException(field, "must be an event object");
        }

        var kind = Kinds.FirstOrDefault(k => k.Name == json.Kind);
        if (kind.Name is null)
        {
            throw new InvalidRequestException($"{field}.kind", $"must be one of {string.Join(", ", Kinds.Select(k => k.Name))}");
        }

        return new TranscriptEvent(
            kind.Kind, json.SourceKey ?? throw new InvalidRequestException($"{field}.source_key", "is required"), json.Timestamp, json.Text,
            json.ToolUseId, json.ToolName, json.ToolInput, json.IsError ?? false, json.OffPath ?? false, json.Raw ?? "", json.Line ?? 0, json.File, json.ExitCode);
    }

    public static TranscriptJson ToJson(this SessionTranscript t) => new(
        t.Format, SourcePath(t.Source), t.SourceSize, t.SourceModified, t.Metadata.ToJson(), t.Events, SourcePath(t.ContentId));

    public static SessionTranscript ToModel(this TranscriptJson json, string sessionId) => new(
        sessionId, json.Format, json.Source, json.SourceSize, json.SourceModified, json.Metadata.ToModel(), json.Events, json.ContentId);

    public static TranscriptMetadataJson ToJson(this TranscriptMetadata m) => new(
        m.ExternalId, m.Agent, m.Title, m.StartedAt, m.EndedAt, m.WorkingDirectory, m.GitBranch, m.Model,
        m.Usage is { } u ? new UsageJson(u.InputTokens, u.OutputTokens, u.CacheCreationInputTokens, u.CacheReadInputTokens) : null, m.Outcome, m.Project);

    public static TranscriptMetadata ToModel(this TranscriptMetadataJson? json) => json is null ? new TranscriptMetadata() : new(
        json.ExternalId, json.Agent, json.Title, json.StartedAt, json.EndedAt, json.WorkingDirectory, json.GitBranch, json.Model,
        json.Usage is { } u ? new TokenUsage(u.InputTokens, u.OutputTokens, u.CacheCreationInputTokens, u.CacheReadInputTokens) : null, json.Outcome, json.Project);

    /// <summary>The file path of a stored source, or the hash of a stored content id (both kept as <c>principal:value</c>, so each principal's imports are its own).</summary>
    private static string? SourcePath(string? source) => source?[(source.IndexOf(':', StringComparison.Ordinal) + 1)..];
}
