using System.Runtime.InteropServices;
using Engram.Search;
using Npgsql;

namespace Engram.Postgres;

public sealed partial class PostgresStorage
{
    /// <inheritdoc />
    public Task<IReadOnlyList<IndexWork>> PendingEmbeddingWorkAsync(string? storeId, int limit, CancellationToken cancellationToken) =>
        PendingWorkAsync("embedding_queue", storeId, limit, cancellationToken);

    /// <inheritdoc />
    public Task<(int Memories, int Pending)> EmbeddingProgressAsync(string storeId, bool countMemories, CancellationToken cancellationToken) =>
        SearchReadAsync(async c =>
        {
            var sql = new TextSql(storeId);
            var pending = (int)await SearchScalarAsync(c, sql, "SELECT count(*) FROM embedding_queue WHERE store_id = $1", cancellationToken).ConfigureAwait(false);
            var memories = countMemories ? (int)await SearchScalarAsync(c, sql, "SELECT count(*) FROM memories WHERE store_id = $1", cancellationToken).ConfigureAwait(false) : 0;
            return (memories, pending);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ChunkVector>> LoadVectorsAsync(string storeId, (string MemoryId, int Chunk)? after, int limit, CancellationToken cancellationToken)
    {
        var sql = new TextSql(storeId);
        var statement = $"""
            SELECT memory_id, chunk, heading, vector FROM chunk_vectors
            WHERE store_id = $1 {(after is { } a ? $"AND (memory_id, chunk) > ({sql.Add(a.MemoryId)}::text, {sql.Add(a.Chunk)}::integer)" : "")}
            ORDER BY memory_id, chunk LIMIT {sql.Add(limit)}
            """;
        return SearchReadAsync<IReadOnlyList<ChunkVector>>(
            async c => await SearchRowsAsync(
                c, sql, statement,
                r => new ChunkVector(r.GetString(0), r.GetInt32(1), r.GetString(2), MemoryMarshal.Cast<byte, float>(((byte[])r.GetValue(3)).AsSpan()).ToArray()),
                cancellationToken).ConfigureAwait(false),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<VectorChanges> VectorChangesSinceAsync(string storeId, long since, CancellationToken cancellationToken)
    {
        // One statement, so one snapshot and one round trip: the clock row, and (unless a reset covers them) the changes
        // after `since` through the index on (store_id, seq). A writer holds the clock row until it commits, so every
        // change numbered up to the clock read here is visible with it.
        const string Statement = """
            SELECT k.seq, k.reset_seq > $2, c.memory_id
            FROM vector_clock k LEFT JOIN vector_changes c ON c.store_id = k.store_id AND c.seq > $2 AND k.reset_seq <= $2
            WHERE k.store_id = $1
            """;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Statement, connection) { Parameters = { new() { Value = storeId }, new() { Value = since } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var (seq, reset, memories) = (0L, false, new List<string>());
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            (seq, reset) = (reader.GetInt64(0), reader.GetBoolean(1));
            if (!reader.IsDBNull(2))
            {
                memories.Add(reader.GetString(2));
            }
        }

        return new VectorChanges(seq, reset, memories);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ChunkVector>> VectorsOfAsync(string storeId, IReadOnlyCollection<string> memoryIds, CancellationToken cancellationToken)
    {
        var sql = new TextSql(storeId);
        var statement = $"""
            SELECT memory_id, chunk, heading, vector FROM chunk_vectors
            WHERE store_id = $1 AND memory_id = ANY({sql.Add(memoryIds.ToArray())}::text[])
            ORDER BY memory_id, chunk
            """;
        return SearchReadAsync<IReadOnlyList<ChunkVector>>(
            async c => await SearchRowsAsync(
                c, sql, statement,
                r => new ChunkVector(r.GetString(0), r.GetInt32(1), r.GetString(2), MemoryMarshal.Cast<byte, float>(((byte[])r.GetValue(3)).AsSpan()).ToArray()),
                cancellationToken).ConfigureAwait(false),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> StoresEmbeddedByOtherModelsAsync(string model, CancellationToken cancellationToken)
    {
        var sql = new TextSql(model); // $1 is the model here
        const string Statement = """
            SELECT store_id FROM (SELECT DISTINCT store_id FROM chunk_vectors UNION SELECT DISTINCT store_id FROM embedding_queue) AS embedded
            WHERE NOT EXISTS (SELECT 1 FROM store_embedding_models m WHERE m.store_id = embedded.store_id AND m.model = $1)
            ORDER BY store_id
            """;
        return SearchReadAsync<IReadOnlyList<string>>(
            async c => await SearchRowsAsync(c, sql, Statement, r => r.GetString(0), cancellationToken).ConfigureAwait(false), cancellationToken);
    }

    /// <summary>Queued work of a queue, oldest token first: of one store, or of all.</summary>
    private Task<IReadOnlyList<IndexWork>> PendingWorkAsync(string queue, string? storeId, int limit, CancellationToken cancellationToken)
    {
        var sql = new TextSql(storeId ?? "");
        var statement = $"SELECT store_id, memory_id, token FROM {queue} {(storeId is null ? "" : "WHERE store_id = $1")} ORDER BY token LIMIT {sql.Add(limit)}";
        return SearchReadAsync<IReadOnlyList<IndexWork>>(
            async c => await SearchRowsAsync(c, sql, statement, r => new IndexWork(r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken).ConfigureAwait(false),
            cancellationToken);
    }
}
