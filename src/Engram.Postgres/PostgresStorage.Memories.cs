using System.Data.Common;
using Engram.Memories;
using Engram.Storage;
using Npgsql;

namespace Engram.Postgres;

public sealed partial class PostgresStorage : IMemoryStorage
{
    /// <inheritdoc />
    public Task<MemoryStore?> GetStoreAsync(string storeId, CancellationToken cancellationToken) =>
        MemoryReads.SingleAsync(_dataSource, $"SELECT {MemoryRows.StoreColumns} FROM stores WHERE id = $1", MemoryRows.ReadStore, cancellationToken, storeId);

    /// <inheritdoc />
    public Task<IReadOnlyList<MemoryStore>> ListStoresAsync(StoreFilter filter, TimeIdCursor? after, int limit, CancellationToken cancellationToken) =>
        MemoryReads.ManyAsync(
            _dataSource,
            $"""
            SELECT {MemoryRows.StoreColumns} FROM stores
            WHERE ($1 OR archived_at IS NULL)
              AND ($2::bigint IS NULL OR created_at >= $2) AND ($3::bigint IS NULL OR created_at <= $3)
              AND ($4::bigint IS NULL OR (created_at, id) < ($4, $5::text))
            ORDER BY created_at DESC, id DESC LIMIT $6
            """,
            MemoryRows.ReadStore, cancellationToken,
            filter.IncludeArchived, MemoryRows.Ticks(filter.CreatedAtGte), MemoryRows.Ticks(filter.CreatedAtLte),
            MemoryRows.Ticks(after?.CreatedAt), after?.Id, limit);

    /// <inheritdoc />
    public Task<Memory?> GetMemoryAsync(string storeId, string memoryId, bool withContent, CancellationToken cancellationToken) =>
        MemoryReads.SingleAsync(
            _dataSource, $"{MemoryRows.SelectMemory(withContent)} WHERE m.store_id = $1 AND m.id = $2", MemoryRows.ReadMemory, cancellationToken, storeId, memoryId);

    /// <inheritdoc />
    public Task<Memory?> GetMemoryByPathAsync(string storeId, string path, bool withContent, CancellationToken cancellationToken) =>
        MemoryReads.SingleAsync(
            _dataSource, $"{MemoryRows.SelectMemory(withContent)} WHERE m.store_id = $1 AND m.path = $2", MemoryRows.ReadMemory, cancellationToken, storeId, path);

    /// <inheritdoc />
    public Task<IReadOnlyList<Memory>> ListMemoriesAsync(string storeId, string prefix, PathBound? from, int limit, bool withContent, CancellationToken cancellationToken)
    {
        // One lower bound, as on SQLite: the cursor when it lies inside the prefix's range (or beyond its start),
        // else the prefix itself; the upper bound is the end of the prefix's range.
        var start = from is null || !from.Path.StartsWith(prefix, StringComparison.Ordinal)
            ? (from is not null && string.CompareOrdinal(from.Path, prefix) > 0 ? from : new PathBound(prefix, Inclusive: true))
            : from;
        var lower = start.Inclusive ? "m.path >= $2" : "m.path > $2";
        return MemoryReads.ManyAsync(
            _dataSource,
            $"""
            {MemoryRows.SelectMemory(withContent)}
            WHERE m.store_id = $1 AND {lower} AND m.path < $3
            ORDER BY m.path LIMIT $4
            """,
            MemoryRows.ReadMemory, cancellationToken, storeId, start.Path, MemoryRows.PathUpperBound(prefix), limit);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MemoryVersion>> ListVersionsAsync(string storeId, VersionFilter filter, TimeIdCursor? after, int limit, bool withContent, CancellationToken cancellationToken)
    {
        var conditions = new List<string> { "v.store_id = $1" };
        var parameters = new List<object?> { storeId };
        void Add(string condition, object? value)
        {
            if (value is not null)
            {
                parameters.Add(value);
                conditions.Add(condition.Replace("$?", $"${parameters.Count}", StringComparison.Ordinal));
            }
        }

        Add("v.memory_id = $?", filter.MemoryId);
        Add("v.operation = $?", filter.Operation is { } operation ? (int)operation : null);
        Add("v.actor_type = 4 AND v.actor_id = $?", filter.SessionId);
        Add("v.api_key_id = $?", filter.ApiKeyId);
        Add("v.actor_type = 3 AND v.actor_id = $?", filter.ServiceAccountId);
        Add("v.created_at >= $?", filter.CreatedAtGte?.UtcTicks);
        Add("v.created_at <= $?", filter.CreatedAtLte?.UtcTicks);
        if (after is not null)
        {
            parameters.Add(after.CreatedAt.UtcTicks);
            parameters.Add(after.Id);
            conditions.Add($"(v.created_at, v.id) < (${parameters.Count - 1}, ${parameters.Count})");
        }

        parameters.Add(limit);
        var sql = $"{MemoryRows.SelectVersion(withContent)} WHERE {string.Join(" AND ", conditions)} ORDER BY v.created_at DESC, v.id DESC LIMIT ${parameters.Count}";
        return MemoryReads.ManyAsync(_dataSource, sql, MemoryRows.ReadVersion, cancellationToken, [.. parameters]);
    }

    /// <inheritdoc />
    public Task<MemoryVersion?> GetVersionAsync(string storeId, string versionId, bool withContent, CancellationToken cancellationToken) =>
        MemoryReads.SingleAsync(
            _dataSource, $"{MemoryRows.SelectVersion(withContent)} WHERE v.store_id = $1 AND v.id = $2", MemoryRows.ReadVersion, cancellationToken, storeId, versionId);

    /// <inheritdoc />
    public Task<IReadOnlyList<MemoryVersion>> ListDreamVersionsAsync(string dreamId, CancellationToken cancellationToken) =>
        MemoryReads.ManyAsync(
            _dataSource, $"{MemoryRows.SelectVersion(false)} WHERE v.dream_id = $1 ORDER BY v.created_at DESC, v.id DESC", MemoryRows.ReadVersion, cancellationToken, dreamId);

    /// <inheritdoc />
    public Task<string?> GetContentAsync(string sha256, CancellationToken cancellationToken) =>
        MemoryReads.SingleAsync(_dataSource, "SELECT body FROM contents WHERE sha256 = $1", r => MemoryRows.Body(r, 0)!, cancellationToken, sha256);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var (sql, describe) in IntegrityChecks)
        {
            problems.AddRange(await MemoryReads.ManyAsync(_dataSource, sql, describe, cancellationToken).ConfigureAwait(false));
        }

        return problems;
    }

    /// <summary>The backend's consistency checks: each query returns one line per problem it finds.</summary>
    private static readonly (string Sql, Func<DbDataReader, string> Describe)[] IntegrityChecks =
    [
        ("""
         SELECT sha256 FROM contents WHERE sha256 <> encode(sha256(body), 'hex')
         """,
         r => $"content {r.GetString(0)} does not hash to its key"),
        ("""
         SELECT m.store_id, m.id, m.content_size, length(c.body) FROM memories m JOIN contents c ON c.sha256 = m.content_sha256
         WHERE m.content_size <> length(c.body)
         """,
         r => $"memory {r.GetString(1)} of store {r.GetString(0)} records {r.GetInt64(2)} bytes; its content has {r.GetInt32(3)}"),
        ("""
         SELECT m.store_id, m.id, m.version_id FROM memories m
         LEFT JOIN versions v ON v.store_id = m.store_id AND v.id = m.version_id
         WHERE v.id IS NULL OR v.memory_id <> m.id OR v.content_sha256 IS DISTINCT FROM m.content_sha256 OR v.path IS DISTINCT FROM m.path
         """,
         r => $"memory {r.GetString(1)} of store {r.GetString(0)} does not match its current version {r.GetString(2)}"),
        ("""
         SELECT a.store_id, a.path, b.path FROM memories a
         JOIN memories b ON b.store_id = a.store_id AND b.path >= a.path || '/' AND b.path < a.path || '0'
         """,
         r => $"store {r.GetString(0)} has a memory at {r.GetString(1)} and another below it at {r.GetString(2)}"),
        ("""
         SELECT store_id, id FROM versions
         WHERE (redacted_at IS NULL AND content_sha256 IS NULL AND operation <> 3) -- only a deletion records no content
            OR (redacted_at IS NOT NULL AND (path IS NOT NULL OR content_sha256 IS NOT NULL))
         """,
         r => $"version {r.GetString(1)} of store {r.GetString(0)} is half redacted"),
    ];
}
