using Engram.Access;
using Engram.Memories;
using Engram.Sessions;

namespace Engram.Client;

/// <summary>Agent sessions: register, end and delete them, and their transcripts and events.</summary>
public interface ISessionClient
{
    /// <summary>Registers an agent session with its attached stores; the token is returned this once.</summary>
    Task<RegisteredSession> RegisterSessionAsync(RegisterSessionRequest request, CancellationToken cancellationToken = default);

    /// <summary>A session the caller may see.</summary>
    Task<AgentSession> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Sessions the caller may see, newest first.</summary>
    Task<Page<AgentSession>> ListSessionsAsync(int? limit = null, string? page = null, CancellationToken cancellationToken = default);

    /// <summary>Ends a session; its token stops working.</summary>
    Task<AgentSession> EndSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Finds the session a transcript file was imported into before (by the same principal), or creates it.</summary>
    Task<OpenedTranscript> OpenTranscriptAsync(OpenTranscriptRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends events to a session; events whose source key it already holds are not added again. Appends to
    /// a session are applied in the order they are made, even when the caller does not wait for one to finish
    /// before making the next.
    /// </summary>
    Task<AppendEventsResult> AppendEventsAsync(string sessionId, IReadOnlyList<TranscriptEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Records a fully read transcript's metadata and its file's fingerprint.</summary>
    Task<SessionTranscript> CompleteTranscriptAsync(string sessionId, CompleteTranscriptRequest request, CancellationToken cancellationToken = default);

    /// <summary>The session's transcript record, or null when it has none.</summary>
    Task<SessionTranscript?> GetTranscriptAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>A page of a session's events in order; <paramref name="withRaw"/> includes each original record.</summary>
    Task<Page<StoredEvent>> ListEventsAsync(string sessionId, int? limit = null, string? page = null, bool withRaw = false, CancellationToken cancellationToken = default);

    /// <summary>The events of the session that wrote a version, around the time of the write.</summary>
    Task<IReadOnlyList<StoredEvent>> EventsAroundVersionAsync(string storeId, string versionId, int before = 10, int after = 5, CancellationToken cancellationToken = default);

    /// <summary>Deletes a session and its events; versions keep the session id they recorded.</summary>
    Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default);
}
