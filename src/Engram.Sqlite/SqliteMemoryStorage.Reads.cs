using Engram.Memories;
using Engram.Storage;
using Microsoft.Data.Sqlite;

namespace Engram.Sqlite;

public sealed partial class SqliteMemoryStorage
{
    /// <inheritdoc />
    public Task<MemoryStore?> GetStoreAsync(string storeId, CancellationToken cancellationToken) =>
        ReadAsync(c => Single(c, $"SELECT {Rows.StoreColumns} FROM stores WHERE id = $id", Rows.ReadStore, ("$id", storeId)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<MemoryStore>> ListStoresAsync(StoreFilter filter, TimeIdCursor? after, int limit, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT {Rows.StoreColumns} FROM stores
            WHERE ($archived = 1 OR archived_at IS NULL)
              AND ($gte IS NULL OR created_at >= $gte) AND ($lte IS NULL OR created_at <= $lte)
              {After(after, "created_at", "id")}
            ORDER BY created_at DESC, id DESC LIMIT $limit
            """;
        return ReadAsync(c => Many(
            c, sql, Rows.ReadStore,
            ("$archived", filter.IncludeArchived ? 1 : 0), ("$gte", Rows.Db(filter.CreatedAtGte)), ("$lte", Rows.Db(filter.CreatedAtLte)),
            ("$afterAt", Rows.Db(after?.CreatedAt)), ("$afterId", Rows.Db(after?.Id)), ("$limit", limit)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Memory?> GetMemoryAsync(string storeId, string memoryId, bool withContent, CancellationToken cancellationToken) =>
        ReadAsync(c => Single(
            c, $"{Rows.SelectMemory(withContent)} WHERE m.store_id = $store AND m.id = $id", Rows.ReadMemory,
            ("$store", storeId), ("$id", memoryId)), cancellationToken);

    /// <inheritdoc />
    public Task<Memory?> GetMemoryByPathAsync(string storeId, string path, bool withContent, CancellationToken cancellationToken) =>
        ReadAsync(c => Single(
            c, $"{Rows.SelectMemory(withContent)} WHERE m.store_id = $store AND m.path = $path", Rows.ReadMemory,
            ("$store", storeId), ("$path", path)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Memory>> ListMemoriesAsync(string storeId, string prefix, PathBound? from, int limit, bool withContent, CancellationToken cancellationToken)
    {
        // One lower bound only: given two (the prefix and the cursor), SQLite seeks on the first and scans
        // past everything before the cursor, which made paging quadratic.
        var start = from is null || !from.Path.StartsWith(prefix, StringComparison.Ordinal)
            ? (from is not null && string.CompareOrdinal(from.Path, prefix) > 0 ? from : new PathBound(prefix, Inclusive: true))
            : from;
        var lower = start.Inclusive ? "m.path >= $from" : "m.path > $from";
        var sql = $"""
            {Rows.SelectMemory(withContent)}
            WHERE m.store_id = $store AND {lower} AND m.path < $end
            ORDER BY m.path LIMIT $limit
            """;
        from = start;
        return ReadAsync(c => Many(
            c, sql, Rows.ReadMemory,
            ("$store", storeId), ("$prefix", prefix), ("$end", PathRange.UpperBound(prefix)), ("$from", Rows.Db(from?.Path)), ("$limit", limit)),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MemoryVersion>> ListVersionsAsync(string storeId, VersionFilter filter, TimeIdCursor? after, int limit, bool withContent, CancellationToken cancellationToken)
    {
        var conditions = new List<string> { "v.store_id = $store" };
        var parameters = new List<(string, object)> { ("$store", storeId), ("$limit", limit) };
        void Add(string condition, string name, object? value)
        {
            if (value is not null)
            {
                conditions.Add(condition);
                parameters.Add((name, value));
            }
        }

        Add("v.memory_id = $memory", "$memory", filter.MemoryId);
        Add("v.operation = $operation", "$operation", filter.Operation is { } op ? (int)op : null);
        Add("v.actor_type = 4 AND v.actor_id = $session", "$session", filter.SessionId);
        Add("v.api_key_id = $apiKey", "$apiKey", filter.ApiKeyId);
        Add("v.actor_type = 3 AND v.actor_id = $serviceAccount", "$serviceAccount", filter.ServiceAccountId);
        Add("v.created_at >= $gte", "$gte", filter.CreatedAtGte?.UtcTicks);
        Add("v.created_at <= $lte", "$lte", filter.CreatedAtLte?.UtcTicks);
        if (after is not null)
        {
            conditions.Add("(v.created_at, v.id) < ($afterAt, $afterId)");
            parameters.Add(("$afterAt", after.CreatedAt.UtcTicks));
            parameters.Add(("$afterId", after.Id));
        }

        var sql = $"{Rows.SelectVersion(withContent)} WHERE {string.Join(" AND ", conditions)} ORDER BY v.created_at DESC, v.id DESC LIMIT $limit";
        return ReadAsync(c => Many(c, sql, Rows.ReadVersion, [.. parameters]), cancellationToken);
    }

    /// <inheritdoc />
    public Task<MemoryVersion?> GetVersionAsync(string storeId, string versionId, bool withContent, CancellationToken cancellationToken) =>
        ReadAsync(c => Single(
            c, $"{Rows.SelectVersion(withContent)} WHERE v.store_id = $store AND v.id = $id", Rows.ReadVersion,
            ("$store", storeId), ("$id", versionId)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> CheckIntegrityAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(c =>
        {
            var problems = new List<string>();
            using (var command = c.CreateCommand())
            {
                command.CommandText = "PRAGMA integrity_check";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var line = reader.GetString(0);
                    if (line != "ok")
                    {
                        problems.Add(line);
                    }
                }
            }

            using (var command = c.CreateCommand())
            {
                command.CommandText = "PRAGMA foreign_key_check";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    problems.Add($"foreign key violation in {reader.GetString(0)} row {reader.GetValue(1)}");
                }
            }

            return problems;
        }, cancellationToken);

    /// <summary>
    /// The keyset condition for a newest-first list, as a row value so SQLite seeks the index to it (an OR of
    /// comparisons made it scan from the top on every page). Empty on the first page.
    /// </summary>
    private static string After(TimeIdCursor? after, string timeColumn, string idColumn) =>
        after is null ? "" : $"AND ({timeColumn}, {idColumn}) < ($afterAt, $afterId)";

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, T> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_queue.IsAddingCompleted, this);
        await using var connection = new SqliteConnection(_readConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return read(connection);
    }

    private static T? Single<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map, params (string Name, object Value)[] parameters)
        where T : class
    {
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        return reader.Read() ? map(reader) : null;
    }

    private static long Count(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static IReadOnlyList<T> Many<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
