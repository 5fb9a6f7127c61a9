using System.Text.Json;
using Engram.Access;
using Engram.Memories;
using Engram.Storage;

namespace Engram.Postgres;

/// <summary>
/// The memories port inside a unit of work. Every operation that names a store first locks the store's row
/// (<see cref="LockStore"/>; <see cref="GetStore"/> takes the lock with the read), so on every node one store's
/// memory writes run one at a time: a precondition, a no-op check or a path-overlap check made inside the unit
/// stays true until it commits, and each statement after the lock (READ COMMITTED) sees every earlier write.
/// SERIALIZABLE without the lock also keeps these rules, but aborts instead of waiting: with 16 writers on one store
/// it failed thousands of units (14,287 retries for 3,200 increments), and writes to distinct memories of one store
/// still ran out of retries, surfacing 40001 to callers; the lock makes them wait in turn and never fail.
/// </summary>
internal sealed partial class PostgresStorageWriter : IMemoryWriter
{
    /// <summary>
    /// The unit's transaction id (64-bit) when it erased content: after the commit the contents table is rewritten,
    /// once no snapshot that could still see the erased rows remains, so no copy of them lingers.
    /// </summary>
    public long? ErasingTransaction { get; private set; }

    public MemoryStore? GetStore(string storeId)
    {
        // The lock and the read in one statement; a missing store locks nothing (and reads as null).
        var sql = _lockedStores.Add(storeId)
            ? $"SELECT {MemoryRows.StoreColumns} FROM stores WHERE id = $1 FOR NO KEY UPDATE"
            : $"SELECT {MemoryRows.StoreColumns} FROM stores WHERE id = $1";
        using var reader = Query(sql, storeId);
        return reader.Read() ? MemoryRows.ReadStore(reader) : null;
    }

    public void InsertStore(MemoryStore store)
    {
        // A row this transaction inserted is invisible to others until the commit: it needs no lock of its own.
        _lockedStores.Add(store.Id);
        Execute(
            "INSERT INTO stores (id, name, description, metadata, created_at, updated_at, archived_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            store.Id, store.Name, store.Description, MemoryRows.WriteMetadata(store.Metadata), store.CreatedAt.UtcTicks, store.UpdatedAt.UtcTicks,
            MemoryRows.Ticks(store.ArchivedAt));
    }

    public void UpdateStore(MemoryStore store)
    {
        LockStore(store.Id);
        Execute(
            "UPDATE stores SET name = $2, description = $3, metadata = $4, updated_at = $5, archived_at = $6 WHERE id = $1",
            store.Id, store.Name, store.Description, MemoryRows.WriteMetadata(store.Metadata), store.UpdatedAt.UtcTicks, MemoryRows.Ticks(store.ArchivedAt));
    }

    public void DeleteStore(string storeId)
    {
        LockStore(storeId);

        // Content rows are shared across stores: collect this store's, then erase those nothing else refers to.
        var doomed = new List<string>();
        using (var reader = Query(
            """
            SELECT content_sha256 FROM versions WHERE store_id = $1 AND content_sha256 IS NOT NULL
            UNION SELECT content_sha256 FROM proposals WHERE store_id = $1 AND content_sha256 IS NOT NULL
            """,
            storeId))
        {
            while (reader.Read())
            {
                doomed.Add(reader.GetString(0));
            }
        }

        Execute("DELETE FROM proposals WHERE store_id = $1", storeId);
        Execute("DELETE FROM memories WHERE store_id = $1", storeId);
        Execute("DELETE FROM versions WHERE store_id = $1", storeId);
        Execute("DELETE FROM stores WHERE id = $1", storeId);
        EraseUnusedContent(doomed);
    }

    public Memory? GetMemory(string storeId, string memoryId)
    {
        LockStore(storeId);
        return ReadStoredMemory($"{MemoryRows.SelectMemory(false)} WHERE m.store_id = $1 AND m.id = $2", storeId, memoryId);
    }

    public Memory? FindMemoryAtAnyPath(string storeId, IReadOnlyList<string> paths)
    {
        LockStore(storeId);
        return ReadStoredMemory(
            $"{MemoryRows.SelectMemory(false)} WHERE m.store_id = $1 AND m.path = ANY($2) ORDER BY m.path LIMIT 1", storeId, paths.ToArray());
    }

    public Memory? FindFirstMemoryUnder(string storeId, string prefix, string? exceptMemoryId)
    {
        LockStore(storeId);
        return ReadStoredMemory(
            $"{MemoryRows.SelectMemory(false)} WHERE m.store_id = $1 AND m.path >= $2 AND m.path < $3 AND ($4::text IS NULL OR m.id <> $4) ORDER BY m.path LIMIT 1",
            storeId, prefix, MemoryRows.PathUpperBound(prefix), exceptMemoryId);
    }

    public IReadOnlyList<Memory> ListStoreMemories(string storeId)
    {
        LockStore(storeId);
        var memories = new List<Memory>();
        using var reader = Query($"{MemoryRows.SelectMemory(false)} WHERE m.store_id = $1 ORDER BY m.path", storeId);
        while (reader.Read())
        {
            memories.Add(MemoryRows.ReadMemory(reader));
        }

        return memories;
    }

    public void SaveContent(string sha256, string content)
    {
        // Identical content is stored once. When it is stored already, its row is share-locked for the rest of the
        // unit, so a redaction or a store's deletion in another store (another store lock) cannot erase it between
        // here and this unit's commit; one that erased it just before is seen (no row) and the content stored again.
        var body = MemoryRows.Bytes(content);
        while (Execute("INSERT INTO contents (sha256, body) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING", sha256, body) == 0
               && Scalar("SELECT 1 FROM contents WHERE sha256 = $1 FOR KEY SHARE", sha256) is null)
        {
        }
    }

    public string? GetContent(string sha256)
    {
        using var reader = Query("SELECT body FROM contents WHERE sha256 = $1", sha256);
        return reader.Read() ? MemoryRows.Body(reader, 0) : null;
    }

    public void InsertMemory(Memory memory)
    {
        LockStore(memory.MemoryStoreId);
        Execute(
            """
            INSERT INTO memories (store_id, id, path, content_sha256, content_size, version_id, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            memory.MemoryStoreId, memory.Id, memory.Path, memory.ContentSha256, memory.ContentSizeBytes, memory.MemoryVersionId,
            memory.CreatedAt.UtcTicks, memory.UpdatedAt.UtcTicks);
    }

    public void UpdateMemory(Memory memory)
    {
        LockStore(memory.MemoryStoreId);
        Execute(
            """
            UPDATE memories SET path = $3, content_sha256 = $4, content_size = $5, version_id = $6, updated_at = $7
            WHERE store_id = $1 AND id = $2
            """,
            memory.MemoryStoreId, memory.Id, memory.Path, memory.ContentSha256, memory.ContentSizeBytes, memory.MemoryVersionId, memory.UpdatedAt.UtcTicks);
    }

    public void DeleteMemory(string storeId, string memoryId)
    {
        LockStore(storeId);
        Execute("DELETE FROM memories WHERE store_id = $1 AND id = $2", storeId, memoryId);
    }

    public void InsertVersion(MemoryVersion version)
    {
        LockStore(version.MemoryStoreId);
        Execute(
            """
            INSERT INTO versions (store_id, id, memory_id, operation, path, content_sha256, content_size, created_at,
                                  actor_type, actor_id, api_key_id, reason, proposal_id, reviewed_by_type, reviewed_by_id, dream_id, evidence_sessions)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
            """,
            version.MemoryStoreId, version.Id, version.MemoryId, (int)version.Operation, version.Path, version.ContentSha256, version.ContentSizeBytes,
            version.CreatedAt.UtcTicks, MemoryRows.Type(version.CreatedBy), version.CreatedBy?.Id, version.ApiKeyId, version.Reason,
            version.ProposalId, MemoryRows.Type(version.ReviewedBy), version.ReviewedBy?.Id, version.DreamId,
            version.EvidenceSessionIds is null ? null : JsonSerializer.Serialize(version.EvidenceSessionIds));
    }

    public MemoryVersion? GetVersion(string storeId, string versionId)
    {
        LockStore(storeId);
        using var reader = Query($"{MemoryRows.SelectVersion(false)} WHERE v.store_id = $1 AND v.id = $2", storeId, versionId);
        return reader.Read() ? MemoryRows.ReadVersion(reader) : null;
    }

    public void RedactVersion(string storeId, string versionId, DateTimeOffset redactedAt, Actor redactedBy)
    {
        var sha = GetVersion(storeId, versionId)?.ContentSha256;
        Execute(
            """
            UPDATE versions SET path = NULL, content_sha256 = NULL, content_size = NULL,
                                redacted_at = $3, redacted_by_type = $4, redacted_by_id = $5
            WHERE store_id = $1 AND id = $2
            """,
            storeId, versionId, redactedAt.UtcTicks, (int)redactedBy.Type, redactedBy.Id);
        if (sha is not null)
        {
            EraseUnusedContent([sha]);
        }
    }

    /// <summary>
    /// Deletes those of <paramref name="shas"/> that no version, proposal or memory in any store uses. The rows are
    /// locked first, so the check that follows (a new snapshot, READ COMMITTED) sees every unit that committed a use
    /// of them, and a unit still using one (<see cref="SaveContent"/>'s share lock, a foreign key check) is waited for.
    /// </summary>
    private void EraseUnusedContent(IReadOnlyCollection<string> shas)
    {
        if (shas.Count == 0)
        {
            return;
        }

        var keys = shas.Order(StringComparer.Ordinal).ToArray();
        Execute("SELECT 1 FROM (SELECT sha256 FROM contents WHERE sha256 = ANY($1) ORDER BY sha256 FOR UPDATE) locked", [keys]);
        var erased = Execute(
            """
            DELETE FROM contents c WHERE c.sha256 = ANY($1)
              AND NOT EXISTS (SELECT 1 FROM versions WHERE content_sha256 = c.sha256)
              AND NOT EXISTS (SELECT 1 FROM proposals WHERE content_sha256 = c.sha256)
              AND NOT EXISTS (SELECT 1 FROM memories WHERE content_sha256 = c.sha256)
            """,
            [keys]);
        if (erased > 0)
        {
            ErasingTransaction ??= Convert.ToInt64(Scalar("SELECT pg_current_xact_id()::text::bigint"), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private Memory? ReadStoredMemory(string sql, params object?[] parameters)
    {
        using var reader = Query(sql, parameters);
        return reader.Read() ? MemoryRows.ReadMemory(reader) : null;
    }
}
