using Engram.Access;
using Engram.Sessions;

namespace Engram.Storage;

/// <summary>
/// The sessions port: agent sessions (registered live, with a token stored by its hash, or imported as a
/// transcript without one), their transcript records and their events in order. "Not found" is null. Events of a
/// session are numbered from 0 in the order appended and never renumbered; appending is idempotent by each
/// event's source key. Deleting a session leaves the versions that name it unchanged.
/// </summary>
public interface ISessionStorage : ITransactionalStorage
{
    /// <summary>The session whose token hashes to <paramref name="tokenSha256"/>, or null (also once the session is deleted).</summary>
    Task<AgentSession?> FindSessionByTokenAsync(string tokenSha256, CancellationToken cancellationToken);

    /// <summary>The session, or null.</summary>
    Task<AgentSession?> GetSessionAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Sessions, newest first (created_at, then id), after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<AgentSession>> ListSessionsAsync(TimeIdCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>The sessions among <paramref name="sessionIds"/> that exist (without their attachments), in no particular order.</summary>
    Task<IReadOnlyList<AgentSession>> FindSessionsAsync(IReadOnlyList<string> sessionIds, CancellationToken cancellationToken);

    /// <summary>Sessions that carry a transcript and match <paramref name="filter"/> (without their attachments), newest first, after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<AgentSession>> ListTranscriptSessionsAsync(SessionFilter filter, TimeIdCursor? after, int limit, CancellationToken cancellationToken);

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

/// <summary>The sessions port's operations inside one write transaction; "not found" is null.</summary>
public interface ISessionWriter
{
    /// <summary>Adds a session, stored by the hash of its token.</summary>
    void InsertSession(AgentSession session, string tokenSha256);

    /// <summary>The session, or null.</summary>
    AgentSession? GetSession(string sessionId);

    /// <summary>Marks a session ended: its token stops working.</summary>
    void EndSession(string sessionId, DateTimeOffset endedAt);

    /// <summary>Records an imported session without a token (it is a transcript, not a principal).</summary>
    void InsertTranscriptSession(AgentSession session, SessionTranscript transcript);

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

/// <summary>Which sessions a listing (a dream's filter, for one) selects; null fields do not filter.</summary>
/// <param name="Since">Sessions whose latest event (or, without event times, whose recording) is at or after this time.</param>
/// <param name="Agent">Sessions of this agent.</param>
/// <param name="AttachedStoreId">Sessions that had this store attached.</param>
public sealed record SessionFilter(DateTimeOffset? Since, string? Agent, string? AttachedStoreId);
