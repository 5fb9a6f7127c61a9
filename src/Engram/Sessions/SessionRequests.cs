namespace Engram.Sessions;

/// <summary>Find or create the session a transcript file is imported into.</summary>
/// <param name="Format">The file's format (<c>claude-code</c>, <c>events</c>, <c>messages</c>, <c>openai</c>, <c>codex</c>, <c>mini-swe-agent</c>, <c>swe-agent</c>).</param>
/// <param name="Source">The file's absolute path: importing the same path again finds the same session.</param>
/// <param name="Agent">The agent that ran the session (lowercase letters, digits, '-', '_', '.').</param>
/// <param name="Title">A title for the session.</param>
public sealed record OpenTranscriptRequest(string? Format, string? Source, string? Agent, string? Title = null);

/// <summary>The session a transcript goes into, and whether it was just created.</summary>
public sealed record OpenedTranscript(Engram.Access.AgentSession Session, SessionTranscript Transcript, bool Created);

/// <summary>What a transcript file said once read completely: its metadata and the file's fingerprint at that time.</summary>
public sealed record CompleteTranscriptRequest(TranscriptMetadata Metadata, long SourceSize, DateTimeOffset? SourceModified);

/// <summary>What an append did: events added (new source keys) and events already held.</summary>
public sealed record AppendEventsResult(int Added, int AlreadyHeld);
