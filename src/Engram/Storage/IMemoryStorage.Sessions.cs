using Engram.Sessions;

namespace Engram.Storage;

public partial interface IMemoryStorage
{
    /// <summary>The session's transcript record, or null when it has none.</summary>
    Task<SessionTranscript?> GetTranscriptAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>The transcript imported from <paramref name="source"/> (an absolute file path), or null.</summary>
    Task<SessionTranscript?> FindTranscriptBySourceAsync(string source, CancellationToken cancellationToken);

    /// <summary>The earliest transcript whose content is <paramref name="contentId"/> (<see cref="SessionTranscript.ContentId"/>), or null.</summary>
    Task<SessionTranscript?> FindTranscriptByContentAsync(string contentId, CancellationToken cancellationToken);

    /// <summary>A session's events in order, from position <paramref name="fromIndex"/>; their original records only when <paramref name="withRaw"/> (else empty).</summary>
    Task<IReadOnlyList<StoredEvent>> ListEventsAsync(string sessionId, long fromIndex, int limit, bool withRaw, CancellationToken cancellationToken);

    /// <summary>The position of the first event at or after <paramref name="at"/>, or null when there is none.</summary>
    Task<long?> FindEventIndexAtAsync(string sessionId, DateTimeOffset at, CancellationToken cancellationToken);
}

public partial interface IStorageWriter
{
    /// <summary>Records an imported session without a token (it is a transcript, not a principal).</summary>
    void InsertTranscriptSession(Engram.Access.AgentSession session, SessionTranscript transcript);

    /// <summary>The session's transcript record, or null.</summary>
    SessionTranscript? GetTranscript(string sessionId);

    /// <summary>Sets a session's title.</summary>
    void SetSessionTitle(string sessionId, string title);

    /// <summary>Sets the agent a session ran as (an imported session learns it from its transcript).</summary>
    void SetSessionAgent(string sessionId, string agent);

    /// <summary>Replaces the transcript record of a session (metadata, source fingerprint, event count).</summary>
    void UpdateTranscript(SessionTranscript transcript);

    /// <summary>
    /// Appends the events whose source key the session does not hold yet; for keys it holds, only the
    /// off-path flag is brought up to date (a later rewind can move the path a session ended on). Returns how many were added.
    /// </summary>
    int AppendEvents(string sessionId, IReadOnlyList<PreparedEvent> events);

    /// <summary>Deletes a session with its attachments, events and transcript. Versions keep the session id they recorded.</summary>
    void DeleteSession(string sessionId);
}
