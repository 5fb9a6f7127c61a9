using Microsoft.Data.Sqlite;

namespace Engram.Sqlite;

internal static partial class Schema
{
    /// <summary>Rowids each store held in the shared <c>memory_fts</c>: from its <c>stores</c> rowid &lt;&lt; 40.</summary>
    private const long OldRangeSize = 1L << 40;

    /// <summary>
    /// Splits the shared <c>memory_fts</c> into a table per store. The store with the most documents takes the table
    /// itself (renamed, so the usual single store costs nothing); the others' rows are copied to tables of their own
    /// and deleted from it, which re-tokenizes them. Rowids and memory_docs stay as they were.
    /// </summary>
    private static void MoveToTablePerStore(SqliteConnection connection, SqliteTransaction transaction)
    {
        var stores = new List<(string Id, long Low)>();
        using (var command = Command(connection, transaction, "SELECT id, rowid FROM stores ORDER BY (SELECT count(*) FROM memory_docs WHERE store_id = stores.id) DESC, rowid"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                stores.Add((reader.GetString(0), reader.GetInt64(1) << 40));
            }
        }

        if (stores.Count == 0)
        {
            Execute(connection, transaction, "DROP TABLE memory_fts");
        }
        else
        {
            var keeper = FtsTable.Of(stores[0].Id);
            Execute(connection, transaction, $"ALTER TABLE memory_fts RENAME TO {keeper}");
            foreach (var (id, low) in stores.Skip(1))
            {
                Execute(connection, transaction, $"""
                    {FtsTable.Create(id)};
                    INSERT INTO {FtsTable.Of(id)} (rowid, path, title, description, tags, body)
                        SELECT rowid, path, title, description, tags, body FROM {keeper} WHERE rowid BETWEEN {low} AND {low + OldRangeSize - 1};
                    DELETE FROM {keeper} WHERE rowid BETWEEN {low} AND {low + OldRangeSize - 1};
                    """);
            }

            // Rows of no store (none are expected) would count in the keeper's statistics.
            Execute(connection, transaction, $"DELETE FROM {keeper} WHERE rowid < {stores[0].Low}; DELETE FROM {keeper} WHERE rowid >= {stores[0].Low + OldRangeSize}");
        }

        Execute(connection, transaction, "CREATE UNIQUE INDEX memory_docs_by_fts ON memory_docs (store_id, fts_rowid)");
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
