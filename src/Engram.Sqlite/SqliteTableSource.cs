using System.Runtime.CompilerServices;
using Engram.Storage;
using Microsoft.Data.Sqlite;

namespace Engram.Sqlite;

/// <summary>
/// A SQLite database's tables of record as plain rows, for <c>engram migrate --from-data</c>. The database is opened
/// read-only; its schema must be this build's (open it once with <see cref="SqliteMemoryStorage"/> first, which
/// migrates it). The per-store full-text tables are left out: they are derived from the search documents, and the
/// target builds its own index.
/// </summary>
internal sealed class SqliteTableSource : ITableSource
{
    /// <summary>The tables of record, in an order where what a row refers to comes first.</summary>
    private static readonly string[] Order =
    [
        "stores", "contents", "memories", "versions",
        "principals", "api_keys", "settings", "principal_groups", "policy_rules",
        "sessions", "session_stores", "session_transcripts", "session_events",
        "proposals", "audit_events",
        "dreams", "dream_sessions", "dream_patterns",
        "store_embedding_models", "memory_docs", "chunk_vectors", "index_queue", "embedding_queue", "vector_clock", "vector_changes",
    ];

    private readonly SqliteConnection _connection;

    private SqliteTableSource(SqliteConnection connection, IReadOnlyList<SourceTable> tables)
    {
        _connection = connection;
        Tables = tables;
    }

    public IReadOnlyList<SourceTable> Tables { get; }

    /// <summary>Opens the database at <paramref name="databasePath"/> read-only and reads its tables' shapes.</summary>
    public static SqliteTableSource Open(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        try
        {
            var present = new List<string>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'memory_fts%'";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    present.Add(reader.GetString(0));
                }
            }

            var unknown = present.Where(name => !Order.Contains(name, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidOperationException($"{databasePath} has tables this Engram does not know ({string.Join(", ", unknown)}): it was written by a newer Engram");
            }

            var tables = Order.Where(present.Contains).Select(name => Describe(connection, name)).ToList();

            // Every table is read inside one read transaction: one snapshot of the database, even if a server or a
            // command writes it meanwhile (WAL readers see the last commit before their first read).
            using (var begin = connection.CreateCommand())
            {
                begin.CommandText = "BEGIN DEFERRED; SELECT count(*) FROM sqlite_master;";
                begin.ExecuteScalar();
            }

            return new SqliteTableSource(connection, tables);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public async IAsyncEnumerable<object?[]> ReadAsync(SourceTable table, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(Quote))} FROM {Quote(table.Name)} ORDER BY {string.Join(", ", table.Key.Select(Quote))}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[table.Columns.Count];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = TableChecksum.Normalize(reader.GetValue(i));
            }

            yield return row;
        }
    }

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private static SourceTable Describe(SqliteConnection connection, string table)
    {
        var columns = new List<string>();
        var key = new SortedList<long, string>();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name, pk FROM pragma_table_info({Literal(table)}) ORDER BY cid";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
            if (reader.GetInt64(1) > 0)
            {
                key.Add(reader.GetInt64(1), reader.GetString(0));
            }
        }

        // A table without a declared key is read in its rowid's order (insertion order).
        return new SourceTable(table, columns, key.Count > 0 ? key.Values.ToList() : ["rowid"]);
    }

    private static string Quote(string name) => name == "rowid" ? name : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
