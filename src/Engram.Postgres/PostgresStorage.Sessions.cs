using Engram.Access;
using Engram.Sessions;
using Engram.Storage;

namespace Engram.Postgres;

public sealed partial class PostgresStorage : ISessionStorage
{
    /// <inheritdoc />
    public async Task<AgentSession?> FindSessionByTokenAsync(string tokenSha256, CancellationToken cancellationToken) =>
        await WithAttachmentsAsync(
            await DataSource.ManyAsync($"SELECT {SessionRows.SessionColumns} FROM sessions s WHERE s.token_sha256 = $1", [tokenSha256], r => SessionRows.ReadSession(r, []), cancellationToken)
                .ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false) is [var session] ? session : null;

    /// <inheritdoc />
    public async Task<AgentSession?> GetSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        await WithAttachmentsAsync(
            await DataSource.ManyAsync($"SELECT {SessionRows.SessionColumns} FROM sessions s WHERE s.id = $1", [sessionId], r => SessionRows.ReadSession(r, []), cancellationToken)
                .ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false) is [var session] ? session : null;

    /// <inheritdoc />
    public async Task<IReadOnlyList<AgentSession>> ListSessionsAsync(TimeIdCursor? after, int limit, CancellationToken cancellationToken) =>
        await WithAttachmentsAsync(
            await DataSource.ManyAsync(
                $"""
                SELECT {SessionRows.SessionColumns} FROM sessions s
                WHERE true {PostgresReads.After(after, "s.created_at", "s.id", 2)}
                ORDER BY s.created_at DESC, s.id DESC LIMIT $1
                """,
                [limit, .. PostgresReads.AfterValues(after)], r => SessionRows.ReadSession(r, []), cancellationToken).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<IReadOnlyList<AgentSession>> FindSessionsAsync(IReadOnlyList<string> sessionIds, CancellationToken cancellationToken) =>
        DataSource.ManyAsync(
            $"SELECT {SessionRows.SessionColumns} FROM sessions s WHERE s.id = ANY($1::text[])", [sessionIds.ToArray()], r => SessionRows.ReadSession(r, []), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AgentSession>> ListTranscriptSessionsAsync(SessionFilter filter, TimeIdCursor? after, int limit, CancellationToken cancellationToken) =>
        DataSource.ManyAsync(
            $"""
            SELECT {SessionRows.SessionColumns} FROM sessions s JOIN session_transcripts t ON t.session_id = s.id
            WHERE ($1::bigint IS NULL OR coalesce((SELECT max(e.at) FROM session_events e WHERE e.session_id = s.id), s.created_at) >= $1)
              AND ($2::text IS NULL OR s.agent = $2)
              AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM session_stores a WHERE a.session_id = s.id AND a.store_id = $3))
              {PostgresReads.After(after, "s.created_at", "s.id", 5)}
            ORDER BY s.created_at DESC, s.id DESC LIMIT $4
            """,
            [AccessRows.Ticks(filter.Since), filter.Agent, filter.AttachedStoreId, limit, .. PostgresReads.AfterValues(after)],
            r => SessionRows.ReadSession(r, []), cancellationToken);

    /// <inheritdoc />
    public Task<SessionTranscript?> GetTranscriptAsync(string sessionId, CancellationToken cancellationToken) =>
        DataSource.SingleAsync($"SELECT {SessionRows.TranscriptColumns} FROM session_transcripts WHERE session_id = $1", [sessionId], SessionRows.ReadTranscript, cancellationToken);

    /// <inheritdoc />
    public Task<SessionTranscript?> FindTranscriptBySourceAsync(string source, CancellationToken cancellationToken) =>
        DataSource.SingleAsync($"SELECT {SessionRows.TranscriptColumns} FROM session_transcripts WHERE source = $1", [source], SessionRows.ReadTranscript, cancellationToken);

    /// <inheritdoc />
    public Task<SessionTranscript?> FindTranscriptByContentAsync(string contentId, CancellationToken cancellationToken) =>
        DataSource.SingleAsync(
            $"SELECT {SessionRows.TranscriptColumns} FROM session_transcripts WHERE content_id = $1 ORDER BY session_id LIMIT 1", [contentId], SessionRows.ReadTranscript, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEvent>> ListEventsAsync(string sessionId, long fromIndex, int limit, bool withRaw, CancellationToken cancellationToken) =>
        DataSource.ManyAsync(
            $"SELECT {SessionRows.EventColumns}, {(withRaw ? "raw" : "NULL::bytea")} FROM session_events WHERE session_id = $1 AND idx >= $2 ORDER BY idx LIMIT $3",
            [sessionId, fromIndex, limit], SessionRows.ReadEvent, cancellationToken);

    /// <inheritdoc />
    public async Task<long?> FindEventIndexAtAsync(string sessionId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await DataSource.ScalarAsync("SELECT min(idx) FROM session_events WHERE session_id = $1 AND at >= $2", [sessionId, at.UtcTicks], cancellationToken)
            .ConfigureAwait(false) is long index ? index : null;

    /// <summary>The sessions with their attachments, read in one query.</summary>
    private async Task<IReadOnlyList<AgentSession>> WithAttachmentsAsync(IReadOnlyList<AgentSession> sessions, CancellationToken cancellationToken) =>
        sessions.Count == 0
            ? sessions
            : SessionRows.WithAttachments(
                sessions,
                await DataSource.ManyAsync(
                    $"SELECT {SessionRows.AttachmentColumns} FROM session_stores WHERE session_id = ANY($1::text[]) ORDER BY session_id, store_id",
                    [sessions.Select(s => s.Id).ToArray()], SessionRows.ReadAttachment, cancellationToken).ConfigureAwait(false));
}
