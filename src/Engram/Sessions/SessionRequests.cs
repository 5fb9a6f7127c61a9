namespace Engram.Sessions;

/// <summary>Find or create the session a transcript file is imported into.</summary>
/// <param name="Format">The file's format (<c>claude-code</c>, <c>events</c>, <c>messages</c>, <c>openai</c>, <c>codex</c>, <c>mini-swe-agent</c>, <c>swe-agent</c>).</param>
/// <param name="Source">The file's absolute path: importing the same path again finds the same session.</param>
/// <param name="Agent">The agent that ran the session (lowercase letters, digits, '-', '_', '.').</param>
/// <param name="Title">A title for the session.</param>
/// <param name="ContentId">The file's content identity (<see cref="TranscriptContent"/>, 64 hex digits): a file of the same content imported before from another path by the same principal is that session.</param>
public sealed record OpenTranscriptRequest(string? Format, string? Source, string? Agent, string? Title = null, string? ContentId = null);

/// <summary>The session a transcript goes into, whether it was just created, and whether it was found by its content rather than its path.</summary>
public sealed record OpenedTranscript(Engram.Access.AgentSession Session, SessionTranscript Transcript, bool Created, bool FoundByContent = false);

/// <summary>What a transcript file said once read completely: its metadata and the file's fingerprint at that time.</summary>
/// <param name="Metadata">What the transcript says about its session.</param>
/// <param name="SourceSize">The file's length when it was read.</param>
/// <param name="SourceModified">The file's last write time when it was read.</param>
/// <param name="ContentId">The content identity of what was read (it changes when a small file grows, or a document is rewritten).</param>
/// <param name="Agent">The agent the transcript says the session ran as, to record in place of the one it was opened with; null keeps it.</param>
public sealed record CompleteTranscriptRequest(TranscriptMetadata Metadata, long SourceSize, DateTimeOffset? SourceModified, string? ContentId = null, string? Agent = null);

/// <summary>What an append did: events added (new source keys) and events already held.</summary>
public sealed record AppendEventsResult(int Added, int AlreadyHeld);
