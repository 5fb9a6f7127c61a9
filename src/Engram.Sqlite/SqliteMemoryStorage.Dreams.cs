using Engram.Access;
using Engram.Dreaming.Dreams;
using Engram.Storage;

namespace Engram.Sqlite;

public sealed partial class SqliteMemoryStorage
{
    /// <summary>Ids per <c>IN (...)</c> lookup: well under SQLite's parameter limit.</summary>
    private const int IdsPerLookup = 500;

    /// <inheritdoc />
    public Task<Dream?> GetDreamAsync(string dreamId, CancellationToken cancellationToken) =>
        ReadAsync(c => Single(c, $"SELECT {DreamRows.Columns} FROM dreams d WHERE d.id = $id", DreamRows.Read, ("$id", dreamId)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Dream>> ListDreamsAsync(DreamFilter filter, TimeIdCursor? after, int limit, CancellationToken cancellationToken)
    {
        var statuses = filter.Statuses is { Count: > 0 } list ? string.Join(", ", list.Select(s => (int)s)) : null;
        var (byType, byId) = DreamRows.CreatedBy(filter.CreatedBy);
        var sql = $"""
            SELECT {DreamRows.Columns} FROM dreams d
            WHERE ($archived = 1 OR d.archived_at IS NULL)
              AND ($gt IS NULL OR d.created_at > $gt) AND ($lt IS NULL OR d.created_at < $lt)
              AND ($byId IS NULL OR (d.created_by_type = $byType AND d.created_by_id = $byId))
              {(statuses is null ? "" : $"AND d.status IN ({statuses})")}
              {After(after, "d.created_at", "d.id")}
            ORDER BY d.created_at DESC, d.id DESC LIMIT $limit
            """;
        return ReadAsync(c => Many(
            c, sql, DreamRows.Read,
            ("$archived", filter.IncludeArchived ? 1 : 0), ("$gt", Rows.Db(filter.CreatedAfter)), ("$lt", Rows.Db(filter.CreatedBefore)),
            ("$byType", byType), ("$byId", byId), ("$afterAt", Rows.Db(after?.CreatedAt)), ("$afterId", Rows.Db(after?.Id)), ("$limit", limit)),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListDreamIdsAsync(DreamStatus status, int limit, CancellationToken cancellationToken) =>
        ReadAsync(c => Many(
            c, "SELECT id FROM dreams WHERE status = $status ORDER BY created_at, id LIMIT $limit", r => r.GetString(0),
            ("$status", (int)status), ("$limit", limit)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DreamSessionEntry>> ListDreamSessionsAsync(string dreamId, DreamSessionState state, int afterOrdinal, int limit, CancellationToken cancellationToken)
    {
        var condition = state switch
        {
            DreamSessionState.Unanalyzed => "ds.analysis IS NULL",
            DreamSessionState.Analyzed => "ds.analysis IS NOT NULL",
            _ => "ds.analysis IS NOT NULL AND ds.signals > 0 AND ds.findings IS NULL",
        };

        // Only a session still to be analysed needs its agent and start; an analysis records both.
        var sql = state == DreamSessionState.Unanalyzed
            ? $"""
                SELECT ds.ordinal, ds.session_id, s.agent, s.created_at, json_extract(t.metadata, '$.started_at'), NULL, NULL, json_extract(t.metadata, '$.project')
                FROM dream_sessions ds
                LEFT JOIN sessions s ON s.id = ds.session_id
                LEFT JOIN session_transcripts t ON t.session_id = ds.session_id
                WHERE ds.dream_id = $dream AND ds.ordinal > $after AND {condition}
                ORDER BY ds.ordinal LIMIT $limit
                """
            : $"""
                SELECT ds.ordinal, ds.session_id, NULL, NULL, NULL, ds.analysis, ds.findings, NULL
                FROM dream_sessions ds
                WHERE ds.dream_id = $dream AND ds.ordinal > $after AND {condition}
                ORDER BY ds.ordinal LIMIT $limit
                """;
        return ReadAsync(c => Many(
            c, sql,
            r => new DreamSessionEntry(
                r.GetInt32(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), DreamRows.ParseTime(r, 4),
                r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6))
            {
                RecordedAt = r.IsDBNull(3) ? null : Rows.Time(r.GetInt64(3)),
                Project = r.IsDBNull(7) ? null : r.GetString(7),
            },
            ("$dream", dreamId), ("$after", afterOrdinal), ("$limit", limit)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DreamPatternEntry>> ListDreamPatternsAsync(string dreamId, int afterOrdinal, int limit, CancellationToken cancellationToken) =>
        ReadAsync(c => Many(
            c, "SELECT ordinal, pattern FROM dream_patterns WHERE dream_id = $dream AND ordinal > $after ORDER BY ordinal LIMIT $limit",
            r => new DreamPatternEntry(r.GetInt32(0), r.GetString(1)),
            ("$dream", dreamId), ("$after", afterOrdinal), ("$limit", limit)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AgentSession>> FindSessionsAsync(IReadOnlyList<string> sessionIds, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<AgentSession>>(c =>
        {
            var found = new List<AgentSession>(sessionIds.Count);
            foreach (var chunk in sessionIds.Chunk(IdsPerLookup))
            {
                var names = chunk.Select((_, i) => $"$s{i}").ToArray();
                var parameters = chunk.Select((id, i) => (names[i], (object)id)).ToArray();
                found.AddRange(Many(c, $"SELECT {Rows.SessionColumns} FROM sessions s WHERE s.id IN ({string.Join(", ", names)})", r => Rows.ReadSession(r, []), parameters));
            }

            return found;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AgentSession>> ListTranscriptSessionsAsync(SessionFilter filter, TimeIdCursor? after, int limit, CancellationToken cancellationToken) =>
        ReadAsync(c => Many(
            c, $"""
                SELECT {Rows.SessionColumns} FROM sessions s JOIN session_transcripts t ON t.session_id = s.id
                WHERE ($since IS NULL OR COALESCE((SELECT MAX(e.at) FROM session_events e WHERE e.session_id = s.id), s.created_at) >= $since)
                  AND ($agent IS NULL OR s.agent = $agent)
                  AND ($store IS NULL OR EXISTS (SELECT 1 FROM session_stores a WHERE a.session_id = s.id AND a.store_id = $store))
                  {After(after, "s.created_at", "s.id")}
                ORDER BY s.created_at DESC, s.id DESC LIMIT $limit
                """,
            r => Rows.ReadSession(r, []),
            ("$since", Rows.Db(filter.Since)), ("$agent", Rows.Db(filter.Agent)), ("$store", Rows.Db(filter.AttachedStoreId)),
            ("$afterAt", Rows.Db(after?.CreatedAt)), ("$afterId", Rows.Db(after?.Id)), ("$limit", limit)), cancellationToken);
}
