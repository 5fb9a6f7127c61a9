using Engram.Dreaming.Dreams;
using Engram.Storage;

namespace Engram.Postgres;

public sealed partial class PostgresStorage : IDreamStorage
{
    /// <inheritdoc />
    public Task<Dream?> GetDreamAsync(string dreamId, CancellationToken cancellationToken) =>
        DataSource.SingleAsync($"SELECT {DreamRows.Columns} FROM dreams d WHERE d.id = $1", [dreamId], DreamRows.Read, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Dream>> ListDreamsAsync(DreamFilter filter, TimeIdCursor? after, int limit, CancellationToken cancellationToken) =>
        DataSource.ManyAsync(
            $"""
            SELECT {DreamRows.Columns} FROM dreams d
            WHERE ($1 OR d.archived_at IS NULL)
              AND ($2::bigint IS NULL OR d.created_at > $2) AND ($3::bigint IS NULL OR d.created_at < $3)
              AND ($5::text IS NULL OR (d.created_by_type = $4::integer AND d.created_by_id = $5))
              AND ($6::integer[] IS NULL OR d.status = ANY($6))
              {PostgresReads.After(after, "d.created_at", "d.id", 8)}
            ORDER BY d.created_at DESC, d.id DESC LIMIT $7
            """,
            [
                filter.IncludeArchived, AccessRows.Ticks(filter.CreatedAfter), AccessRows.Ticks(filter.CreatedBefore),
                (int?)filter.CreatedBy?.Type, filter.CreatedBy?.Id,
                filter.Statuses is { Count: > 0 } statuses ? statuses.Select(s => (int)s).ToArray() : null,
                limit, .. PostgresReads.AfterValues(after),
            ],
            DreamRows.Read, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListDreamIdsAsync(DreamStatus status, int limit, CancellationToken cancellationToken) =>
        DataSource.ManyAsync("SELECT id FROM dreams WHERE status = $1 ORDER BY created_at, id LIMIT $2", [(int)status, limit], r => r.GetString(0), cancellationToken);

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
                SELECT ds.ordinal, ds.session_id, s.agent, s.created_at, t.metadata::json ->> 'started_at', NULL, NULL, t.metadata::json ->> 'project'
                FROM dream_sessions ds
                LEFT JOIN sessions s ON s.id = ds.session_id
                LEFT JOIN session_transcripts t ON t.session_id = ds.session_id
                WHERE ds.dream_id = $1 AND ds.ordinal > $2 AND {condition}
                ORDER BY ds.ordinal LIMIT $3
                """
            : $"""
                SELECT ds.ordinal, ds.session_id, NULL, NULL, NULL, ds.analysis, ds.findings, NULL
                FROM dream_sessions ds
                WHERE ds.dream_id = $1 AND ds.ordinal > $2 AND {condition}
                ORDER BY ds.ordinal LIMIT $3
                """;
        return DataSource.ManyAsync(
            sql, [dreamId, afterOrdinal, limit],
            r => new DreamSessionEntry(
                r.GetInt32(0), r.GetString(1), AccessRows.StringOrNull(r, 2), DreamRows.ParseTime(r, 4), AccessRows.StringOrNull(r, 5), AccessRows.StringOrNull(r, 6))
            {
                RecordedAt = AccessRows.TimeOrNull(r, 3),
                Project = AccessRows.StringOrNull(r, 7),
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DreamPatternEntry>> ListDreamPatternsAsync(string dreamId, int afterOrdinal, int limit, CancellationToken cancellationToken) =>
        DataSource.ManyAsync(
            "SELECT ordinal, pattern FROM dream_patterns WHERE dream_id = $1 AND ordinal > $2 ORDER BY ordinal LIMIT $3",
            [dreamId, afterOrdinal, limit], r => new DreamPatternEntry(r.GetInt32(0), r.GetString(1)), cancellationToken);
}
