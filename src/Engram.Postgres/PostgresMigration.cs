using Engram.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Engram.Postgres;

/// <summary>
/// Copies a deployment's tables into a PostgreSQL database of this schema version (<c>engram migrate --from-data DIR
/// --to-postgres CS</c>): every row with its ids, actors and times as they are, in one transaction, so a failed copy
/// adds nothing. A row whose key is already there is left as it is, so a second run adds nothing. Afterwards each
/// table's rows are counted and checksummed on both sides (<see cref="TableChecksum"/>), which says whether everything
/// arrived. The search documents are derived data: instead of copying them, every memory without one is queued for
/// indexing, and the target's indexer builds its own index (vectors are copied, being expensive to make again).
/// </summary>
internal static class PostgresMigration
{
    /// <summary>Rows sent per statement.</summary>
    private const int BatchRows = 1_000;

    /// <summary>Source tables the target derives rather than copies.</summary>
    private static readonly HashSet<string> Derived = new(StringComparer.Ordinal) { "memory_docs", "index_queue" };

    /// <summary>Copies <paramref name="source"/> into the database and reports each table.</summary>
    public static async Task<MigrationReport> CopyAsync(ITableSource source, PostgresStorageOptions target, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        await using var storage = await PostgresStorage.OpenAsync(target, cancellationToken).ConfigureAwait(false);
        await using var connection = await storage.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        var tables = new List<TableReport>();
        foreach (var table in source.Tables)
        {
            if (Derived.Contains(table.Name))
            {
                continue;
            }

            var columns = await TargetColumnsAsync(connection, transaction, table, cancellationToken).ConfigureAwait(false);
            var before = await CountAsync(connection, transaction, table.Name, cancellationToken).ConfigureAwait(false);
            using var sourceSum = new TableChecksum();
            long added = 0;
            var batch = new List<object?[]>(BatchRows);
            await foreach (var row in source.ReadAsync(table, cancellationToken).ConfigureAwait(false))
            {
                sourceSum.Add(row);
                batch.Add(row);
                if (batch.Count == BatchRows)
                {
                    added += await InsertAsync(connection, transaction, table, columns, batch, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                }
            }

            added += await InsertAsync(connection, transaction, table, columns, batch, cancellationToken).ConfigureAwait(false);
            var targetSum = await ChecksumAsync(connection, transaction, table, columns, cancellationToken).ConfigureAwait(false);
            var report = new TableReport(table.Name, sourceSum.Rows, before, added, targetSum.Rows, sourceSum.Finish(), targetSum.Checksum);
            tables.Add(report);
            progress?.Report(table.Name);
        }

        var queued = await QueueIndexingAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new MigrationReport(tables, queued);
    }

    /// <summary>The target's type of each of the source's columns; a column the target lacks is an error naming it.</summary>
    private static async Task<string[]> TargetColumnsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SourceTable table, CancellationToken cancellationToken)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = table.Name });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                types[reader.GetString(0)] = reader.GetString(1);
            }
        }

        if (types.Count == 0)
        {
            throw new InvalidOperationException($"the target database has no table {table.Name}: its schema is not this Engram's");
        }

        return table.Columns.Select(column => types.TryGetValue(column, out var type)
            ? type
            : throw new InvalidOperationException($"the target's table {table.Name} has no column {column}: its schema is not this Engram's")).ToArray();
    }

    private static async Task<long> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, SourceTable table, string[] types, List<object?[]> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        // One statement per batch: each column travels as one array, unnest turns them back into rows.
        var names = string.Join(", ", table.Columns.Select(Quote));
        var casts = string.Join(", ", table.Columns.Select((_, i) => Cast($"c{i}", types[i])));
        var arrays = string.Join(", ", table.Columns.Select((_, i) => $"${i + 1}"));
        var aliases = string.Join(", ", table.Columns.Select((_, i) => $"c{i}"));
        var sql = $"INSERT INTO {Quote(table.Name)} ({names}) SELECT {casts} FROM unnest({arrays}) AS u({aliases}) ON CONFLICT DO NOTHING";
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        for (var i = 0; i < table.Columns.Count; i++)
        {
            command.Parameters.Add(ArrayParameter(rows, i, types[i], table));
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The column's values as one typed array: integers as bigint[], reals as float8[], bytes as bytea[], the rest as text[].</summary>
    private static NpgsqlParameter ArrayParameter(List<object?[]> rows, int column, string type, SourceTable table)
    {
        switch (Family(type))
        {
            case Kind.Integer or Kind.Boolean:
                return new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = rows.Select(row => (long?)Integer(row[column], table, column)).ToArray() };
            case Kind.Real:
                return new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double, Value = rows.Select(row => row[column] is null ? (double?)null : Convert.ToDouble(row[column], System.Globalization.CultureInfo.InvariantCulture)).ToArray() };
            case Kind.Bytes:
                return new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = rows.Select(row => row[column] switch { null => null, byte[] bytes => bytes, var text => System.Text.Encoding.UTF8.GetBytes(Convert.ToString(text, System.Globalization.CultureInfo.InvariantCulture)!) }).ToArray() };
            default:
                return new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = rows.Select(row => row[column] is null ? null : Convert.ToString(row[column], System.Globalization.CultureInfo.InvariantCulture)).ToArray() };
        }
    }

    private static long? Integer(object? value, SourceTable table, int column) => value switch
    {
        null => null,
        long number => number,
        _ => throw new InvalidOperationException($"{table.Name}.{table.Columns[column]} holds {value} where the target expects an integer"),
    };

    private static string Cast(string alias, string type) => Family(type) switch
    {
        Kind.Boolean => $"{alias} <> 0",
        _ => $"{alias}::{type}",
    };

    /// <summary>The target's rows of the source's columns, checksummed as the source's were (text keys in code point order).</summary>
    private static async Task<(long Rows, string Checksum)> ChecksumAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, SourceTable table, string[] types, CancellationToken cancellationToken)
    {
        var select = string.Join(", ", table.Columns.Select((column, i) => Family(types[i]) == Kind.Boolean ? $"{Quote(column)}::int" : Quote(column)));
        var order = string.Join(", ", table.Key.Select(key =>
        {
            var i = table.Columns.ToList().IndexOf(key);
            return i >= 0 && Family(types[i]) == Kind.Text ? $"{Quote(key)} COLLATE \"C\"" : Quote(key);
        }));
        await using var command = new NpgsqlCommand($"SELECT {select} FROM {Quote(table.Name)} ORDER BY {order}", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        using var sum = new TableChecksum();
        var row = new object?[table.Columns.Count];
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : TableChecksum.Normalize(reader.GetValue(i));
            }

            sum.Add(row);
        }

        return (sum.Rows, sum.Finish());
    }

    /// <summary>Queues every memory that has no search document for indexing, as a write would; returns how many.</summary>
    private static async Task<long> QueueIndexingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO index_queue (store_id, memory_id, token)
            SELECT m.store_id, m.id, m.version_id FROM memories m
            WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.store_id = m.store_id AND d.memory_id = m.id)
            ON CONFLICT DO NOTHING
            """,
            connection,
            transaction);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {Quote(table)}", connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static Kind Family(string type) => type switch
    {
        "bigint" or "integer" or "smallint" => Kind.Integer,
        "boolean" => Kind.Boolean,
        "double precision" or "real" or "numeric" => Kind.Real,
        "bytea" => Kind.Bytes,
        _ => Kind.Text,
    };

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private enum Kind
    {
        Integer,
        Boolean,
        Real,
        Bytes,
        Text,
    }
}

/// <summary>What a copy did, table by table, and how many memories it queued for indexing.</summary>
internal sealed record MigrationReport(IReadOnlyList<TableReport> Tables, long QueuedForIndexing)
{
    /// <summary>True when every table's rows on the target are exactly the source's.</summary>
    public bool Complete => Tables.All(table => table.Matches);
}

/// <summary>One table: rows in the source, on the target before and after, rows added, and both checksums.</summary>
internal sealed record TableReport(string Table, long SourceRows, long TargetRowsBefore, long Added, long TargetRows, string SourceChecksum, string TargetChecksum)
{
    /// <summary>The target holds exactly the source's rows.</summary>
    public bool Matches => SourceRows == TargetRows && string.Equals(SourceChecksum, TargetChecksum, StringComparison.Ordinal);
}
