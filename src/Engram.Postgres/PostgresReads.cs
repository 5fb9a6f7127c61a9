using Npgsql;

namespace Engram.Postgres;

/// <summary>
/// How the port reads run: each on its own pooled connection, outside any unit of work, so it sees what has been
/// committed (by this node or any other) when its statement starts. Parameters are positional ($1, $2, ...); a
/// null parameter is SQL NULL, so the SQL casts it where its type cannot be inferred (<c>$1::text IS NULL</c>).
/// </summary>
internal static class PostgresReads
{
    /// <summary>Every row <paramref name="sql"/> returns, mapped.</summary>
    public static async Task<IReadOnlyList<T>> ManyAsync<T>(
        this NpgsqlDataSource source, string sql, object?[] parameters, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>The first row <paramref name="sql"/> returns, mapped, or null when it returns none.</summary>
    public static async Task<T?> SingleAsync<T>(
        this NpgsqlDataSource source, string sql, object?[] parameters, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
        where T : class
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? map(reader) : null;
    }

    /// <summary>The first column of the first row, or null (no row, or SQL NULL).</summary>
    public static async Task<object?> ScalarAsync(this NpgsqlDataSource source, string sql, object?[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    /// <summary>
    /// The keyset condition of a newest-first listing, as a row comparison the (time DESC, id DESC) index seeks to; its
    /// parameters are <c>$first</c> and <c>$first+1</c> (<see cref="AfterValues"/>). Empty on the first page.
    /// </summary>
    public static string After(Storage.TimeIdCursor? after, string timeColumn, string idColumn, int first) =>
        after is null ? "" : $"AND ({timeColumn}, {idColumn}) < (${first}, ${first + 1})";

    /// <summary>The parameters of <see cref="After"/>: none on the first page.</summary>
    public static object?[] AfterValues(Storage.TimeIdCursor? after) => after is null ? [] : [after.CreatedAt.UtcTicks, after.Id];

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }
}
