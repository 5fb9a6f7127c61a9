using Engram.Access;
using Engram.Memories;
using Engram.Storage;
using Microsoft.Data.Sqlite;

namespace Engram.Sqlite;

/// <summary>
/// The data operations of one write transaction on the writer connection. Commands are prepared once
/// and reused for the life of the connection; only their parameters change.
/// </summary>
internal sealed partial class SqliteStorageWriter(SqliteConnection connection) : IStorageWriter, IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private SqliteTransaction? _transaction;

    /// <summary>Set when a redaction freed content: the WAL is checkpointed after commit so no copy lingers there.</summary>
    public bool PurgeRequested { get; set; }

    public void Begin(SqliteTransaction transaction)
    {
        _transaction = transaction;
        foreach (var command in _commands.Values)
        {
            command.Transaction = transaction;
        }
    }

    /// <summary>Opens the savepoint that isolates one unit of work inside the shared transaction.</summary>
    public void Savepoint() => Execute("SAVEPOINT unit");

    /// <summary>Keeps the unit's changes in the transaction.</summary>
    public void ReleaseSavepoint() => Execute("RELEASE unit");

    /// <summary>Undoes the unit's changes, leaving earlier units in the transaction untouched.</summary>
    public void RollbackToSavepoint() => Execute("ROLLBACK TO unit; RELEASE unit");

    public MemoryStore? GetStore(string storeId)
    {
        using var reader = Query($"SELECT {Rows.StoreColumns} FROM stores WHERE id = $id", ("$id", storeId));
        return reader.Read() ? Rows.ReadStore(reader) : null;
    }

    public void InsertStore(MemoryStore store)
    {
        Execute(
            "INSERT INTO stores (id, name, description, metadata, created_at, updated_at, archived_at) VALUES ($id, $name, $description, $metadata, $created, $updated, $archived)",
            ("$id", store.Id), ("$name", store.Name), ("$description", store.Description), ("$metadata", Rows.WriteMetadata(store.Metadata)),
            ("$created", store.CreatedAt.UtcTicks), ("$updated", store.UpdatedAt.UtcTicks), ("$archived", Rows.Db(store.ArchivedAt)));
        ExecuteOnce(FtsTable.Create(store.Id));
    }

    public void UpdateStore(MemoryStore store) => Execute(
        "UPDATE stores SET name = $name, description = $description, metadata = $metadata, updated_at = $updated, archived_at = $archived WHERE id = $id",
        ("$id", store.Id), ("$name", store.Name), ("$description", store.Description), ("$metadata", Rows.WriteMetadata(store.Metadata)),
        ("$updated", store.UpdatedAt.UtcTicks), ("$archived", Rows.Db(store.ArchivedAt)));

    public void DeleteStore(string storeId)
    {
        // Content rows are shared across stores: collect this store's, then drop those nothing else refers to.
        Execute("CREATE TEMP TABLE IF NOT EXISTS doomed_contents (sha256 TEXT PRIMARY KEY) WITHOUT ROWID");
        Execute("DELETE FROM doomed_contents");
        Execute(
            "INSERT OR IGNORE INTO doomed_contents SELECT content_sha256 FROM versions WHERE store_id = $id AND content_sha256 IS NOT NULL",
            ("$id", storeId));
        Execute(
            "INSERT OR IGNORE INTO doomed_contents SELECT content_sha256 FROM proposals WHERE store_id = $id AND content_sha256 IS NOT NULL",
            ("$id", storeId));
        Execute("DELETE FROM proposals WHERE store_id = $id", ("$id", storeId));
        ExecuteOnce(FtsTable.Drop(storeId));
        Forget(FtsTable.Of(storeId));
        Execute("DELETE FROM memory_docs WHERE store_id = $id", ("$id", storeId));
        Execute("DELETE FROM chunk_vectors WHERE store_id = $id", ("$id", storeId));
        Execute("DELETE FROM vector_changes WHERE store_id = $id", ("$id", storeId));
        Execute("DELETE FROM vector_clock WHERE store_id = $id", ("$id", storeId));
        Execute("DELETE FROM index_queue WHERE store_id = $id", ("$id", storeId));
        Execute("DELETE FROM embedding_queue WHERE store_id = $id", ("$id", storeId));
        Execute("DELETE FROM memories WHERE store_id = $id", ("$id", storeId));
        Execute("DELETE FROM versions WHERE store_id = $id", ("$id", storeId));
        Execute("DELETE FROM stores WHERE id = $id", ("$id", storeId));
        Execute(
            """
            DELETE FROM contents WHERE sha256 IN (SELECT sha256 FROM doomed_contents)
              AND NOT EXISTS (SELECT 1 FROM versions WHERE content_sha256 = contents.sha256)
              AND NOT EXISTS (SELECT 1 FROM proposals WHERE content_sha256 = contents.sha256)
            """);
        PurgeRequested = true;
    }

    public Memory? GetMemory(string storeId, string memoryId) =>
        ReadMemory($"{Rows.SelectMemory(false)} WHERE m.store_id = $store AND m.id = $id", ("$store", storeId), ("$id", memoryId));

    public Memory? FindMemoryAtAnyPath(string storeId, IReadOnlyList<string> paths)
    {
        var names = Enumerable.Range(0, paths.Count).Select(i => $"$p{i}").ToArray();
        var parameters = new (string, object)[paths.Count + 1];
        parameters[0] = ("$store", storeId);
        for (var i = 0; i < paths.Count; i++)
        {
            parameters[i + 1] = (names[i], paths[i]);
        }

        return ReadMemory(
            $"{Rows.SelectMemory(false)} WHERE m.store_id = $store AND m.path IN ({string.Join(", ", names)}) ORDER BY m.path LIMIT 1",
            parameters);
    }

    public Memory? FindFirstMemoryUnder(string storeId, string prefix, string? exceptMemoryId) =>
        ReadMemory(
            $"{Rows.SelectMemory(false)} WHERE m.store_id = $store AND m.path >= $prefix AND m.path < $end AND ($except IS NULL OR m.id <> $except) ORDER BY m.path LIMIT 1",
            ("$store", storeId), ("$prefix", prefix), ("$end", PathRange.UpperBound(prefix)), ("$except", Rows.Db(exceptMemoryId)));

    public void SaveContent(string sha256, string content) =>
        Execute("INSERT INTO contents (sha256, body) VALUES ($sha, $body) ON CONFLICT (sha256) DO NOTHING", ("$sha", sha256), ("$body", content));

    public string? GetContent(string sha256)
    {
        using var reader = Query("SELECT body FROM contents WHERE sha256 = $sha", ("$sha", sha256));
        return reader.Read() ? reader.GetString(0) : null;
    }

    public void InsertMemory(Memory memory) => Execute(
        """
        INSERT INTO memories (store_id, id, path, content_sha256, content_size, version_id, created_at, updated_at)
        VALUES ($store, $id, $path, $sha, $size, $version, $created, $updated)
        """,
        ("$store", memory.MemoryStoreId), ("$id", memory.Id), ("$path", memory.Path), ("$sha", memory.ContentSha256),
        ("$size", memory.ContentSizeBytes), ("$version", memory.MemoryVersionId), ("$created", memory.CreatedAt.UtcTicks), ("$updated", memory.UpdatedAt.UtcTicks));

    // The path is set by its own statement, only when it changed, so a content update leaves the path index alone.
    public void UpdateMemory(Memory memory) => Execute(
        """
        UPDATE memories SET content_sha256 = $sha, content_size = $size, version_id = $version, updated_at = $updated
        WHERE store_id = $store AND id = $id;
        UPDATE memories SET path = $path WHERE store_id = $store AND id = $id AND path <> $path;
        """,
        ("$store", memory.MemoryStoreId), ("$id", memory.Id), ("$path", memory.Path), ("$sha", memory.ContentSha256),
        ("$size", memory.ContentSizeBytes), ("$version", memory.MemoryVersionId), ("$updated", memory.UpdatedAt.UtcTicks));

    public void DeleteMemory(string storeId, string memoryId) =>
        Execute("DELETE FROM memories WHERE store_id = $store AND id = $id", ("$store", storeId), ("$id", memoryId));

    public void InsertVersion(MemoryVersion version) => Execute(
        """
        INSERT INTO versions (store_id, id, memory_id, operation, path, content_sha256, content_size, created_at,
                              actor_type, actor_id, api_key_id, reason, redacted_at, redacted_by_type, redacted_by_id,
                              proposal_id, reviewed_by_type, reviewed_by_id, dream_id, evidence_sessions)
        VALUES ($store, $id, $memory, $operation, $path, $sha, $size, $created, $actorType, $actorId, $apiKey, $reason, NULL, NULL, NULL,
                $proposal, $reviewerType, $reviewerId, $dream, $evidence)
        """,
        ("$store", version.MemoryStoreId), ("$id", version.Id), ("$memory", version.MemoryId), ("$operation", (int)version.Operation),
        ("$path", Rows.Db(version.Path)), ("$sha", Rows.Db(version.ContentSha256)), ("$size", Rows.Db(version.ContentSizeBytes)),
        ("$created", version.CreatedAt.UtcTicks), ("$actorType", version.CreatedBy is null ? DBNull.Value : (int)version.CreatedBy.Type),
        ("$actorId", Rows.Db(version.CreatedBy?.Id)), ("$apiKey", Rows.Db(version.ApiKeyId)), ("$reason", Rows.Db(version.Reason)),
        ("$proposal", Rows.Db(version.ProposalId)), ("$reviewerType", version.ReviewedBy is null ? DBNull.Value : (int)version.ReviewedBy.Type),
        ("$reviewerId", Rows.Db(version.ReviewedBy?.Id)), ("$dream", Rows.Db(version.DreamId)),
        ("$evidence", version.EvidenceSessionIds is null ? DBNull.Value : System.Text.Json.JsonSerializer.Serialize(version.EvidenceSessionIds)));

    public MemoryVersion? GetVersion(string storeId, string versionId)
    {
        using var reader = Query($"{Rows.SelectVersion(false)} WHERE v.store_id = $store AND v.id = $id", ("$store", storeId), ("$id", versionId));
        return reader.Read() ? Rows.ReadVersion(reader) : null;
    }

    public void RedactVersion(string storeId, string versionId, DateTimeOffset redactedAt, Actor redactedBy)
    {
        var sha = GetVersion(storeId, versionId)?.ContentSha256;
        Execute(
            """
            UPDATE versions SET path = NULL, content_sha256 = NULL, content_size = NULL,
                                redacted_at = $at, redacted_by_type = $byType, redacted_by_id = $byId
            WHERE store_id = $store AND id = $id
            """,
            ("$store", storeId), ("$id", versionId), ("$at", redactedAt.UtcTicks), ("$byType", (int)redactedBy.Type), ("$byId", redactedBy.Id));
        if (sha is not null)
        {
            Execute(
                """
                DELETE FROM contents WHERE sha256 = $sha
                  AND NOT EXISTS (SELECT 1 FROM versions WHERE content_sha256 = $sha)
                  AND NOT EXISTS (SELECT 1 FROM proposals WHERE content_sha256 = $sha)
                """,
                ("$sha", sha));
        }

        PurgeRequested = true;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }

    private Memory? ReadMemory(string sql, params (string Name, object Value)[] parameters)
    {
        using var reader = Query(sql, parameters);
        return reader.Read() ? Rows.ReadMemory(reader) : null;
    }

    private int Execute(string sql, params (string Name, object Value)[] parameters) => Prepare(sql, parameters).ExecuteNonQuery();

    /// <summary>Runs a statement without keeping it prepared: schema changes, made once per store.</summary>
    private void ExecuteOnce(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        command.ExecuteNonQuery();
    }

    /// <summary>Disposes the prepared statements that name <paramref name="table"/>, which was dropped.</summary>
    private void Forget(string table)
    {
        foreach (var sql in _commands.Keys.Where(sql => sql.Contains(table, StringComparison.Ordinal)).ToList())
        {
            _commands.Remove(sql, out var command);
            command!.Dispose();
        }
    }

    private SqliteDataReader Query(string sql, params (string Name, object Value)[] parameters) => Prepare(sql, parameters).ExecuteReader();

    private SqliteCommand Prepare(string sql, (string Name, object Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = _transaction;
            foreach (var (name, _) in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _commands.Add(sql, command);
        }

        // Each SQL text is always called with the same parameter names in the same order.
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters[i].Value = parameters[i].Value;
        }

        return command;
    }
}
