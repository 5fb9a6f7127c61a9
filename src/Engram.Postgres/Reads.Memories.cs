using System.Data.Common;
using Npgsql;

namespace Engram.Postgres;

/// <summary>
/// How the memories, proposals and audit ports read: each read on its own pooled connection, outside any unit of
/// work, so it sees the last committed state. Parameters are positional ($1, $2, ...); a null one is SQL NULL.
/// </summary>
internal static class MemoryReads
{
    /// <summary>The first row mapped, or null.</summary>
    public static async Task<T?> SingleAsync<T>(NpgsqlDataSource source, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params object?[] parameters)
        where T : class
    {
        await using var command = Command(source, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? map(reader) : null;
    }

    /// <summary>Every row mapped, in the query's order.</summary>
    public static async Task<IReadOnlyList<T>> ManyAsync<T>(NpgsqlDataSource source, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = Command(source, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static NpgsqlCommand Command(NpgsqlDataSource source, string sql, object?[] parameters)
    {
        // A data source command opens a pooled connection for itself and returns it when disposed.
        var command = source.CreateCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }
}
