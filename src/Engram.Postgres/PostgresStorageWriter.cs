using Engram.Storage;
using Npgsql;

namespace Engram.Postgres;

/// <summary>
/// The data operations of one unit of work, in its own transaction on one pooled connection. Each feature's
/// operations are in their own file (<c>PostgresStorageWriter.&lt;Feature&gt;.cs</c>), as the ports are.
/// </summary>
internal sealed partial class PostgresStorageWriter(NpgsqlConnection connection, NpgsqlTransaction transaction) : IStorageWriter
{
    private readonly HashSet<string> _lockedStores = new(StringComparer.Ordinal);

    /// <summary>
    /// Locks a store's row for the rest of the transaction (once per transaction), so writes to one store's
    /// memories are serialized across every node: the path-overlap and precondition checks a unit makes
    /// stay true until it commits. Writes to different stores do not wait for each other.
    /// </summary>
    internal void LockStore(string storeId)
    {
        if (_lockedStores.Add(storeId))
        {
            Execute("SELECT 1 FROM stores WHERE id = $1 FOR NO KEY UPDATE", storeId);
        }
    }

    /// <summary>Runs a statement with positional parameters ($1, $2, ...); a null parameter is SQL NULL.</summary>
    internal int Execute(string sql, params object?[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs a query with positional parameters; the caller disposes the reader before the next statement.</summary>
    internal NpgsqlDataReader Query(string sql, params object?[] parameters)
    {
        var command = Command(sql, parameters);
        return command.ExecuteReader(System.Data.CommandBehavior.Default);
    }

    /// <summary>The first column of the first row, or null.</summary>
    internal object? Scalar(string sql, params object?[] parameters)
    {
        using var command = Command(sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    internal NpgsqlCommand Command(string sql, object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in parameters)
        {
            command.Parameters.Add(value is NpgsqlParameter parameter ? parameter : new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }
}
