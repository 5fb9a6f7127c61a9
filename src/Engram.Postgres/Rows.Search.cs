using System.Text.Json;
using Engram.Search;
using Npgsql;

namespace Engram.Postgres;

public sealed partial class PostgresStorage
{
    /// <summary>The columns <see cref="ReadSearchDocument"/> reads, with the memory's <c>updated_at</c> (d: search_docs, m: memories).</summary>
    private const string SearchDocumentColumns =
        "d.memory_id, d.path, d.content_sha256, d.title, d.description, d.summary, d.tags, d.verified, d.expires, d.pin, d.skill_name, d.skill_description, d.problem, m.updated_at";

    /// <summary>A document as the search port returns it: without its body, as SQLite's does.</summary>
    private static SearchDocument ReadSearchDocument(NpgsqlDataReader r) => new(
        r.GetString(1), r.GetString(2), SearchText(r, 3), SearchText(r, 4), SearchText(r, 5),
        JsonSerializer.Deserialize<List<string>>(r.GetString(6)) ?? [], "", SearchTimeOrNull(r, 7), SearchTimeOrNull(r, 8), r.GetBoolean(9),
        SearchText(r, 10), SearchText(r, 11), SearchText(r, 12));

    private static string? SearchText(NpgsqlDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);

    private static DateTimeOffset SearchTime(long ticks) => new(ticks, TimeSpan.Zero);

    private static DateTimeOffset? SearchTimeOrNull(NpgsqlDataReader r, int column) => r.IsDBNull(column) ? null : SearchTime(r.GetInt64(column));

    /// <summary>Every row of a statement built with <paramref name="sql"/>'s parameters.</summary>
    private static async Task<List<T>> SearchRowsAsync<T>(NpgsqlConnection connection, TextSql sql, string statement, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = SearchCommand(connection, sql, statement);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>A count.</summary>
    private static async Task<long> SearchScalarAsync(NpgsqlConnection connection, TextSql sql, string statement, CancellationToken cancellationToken)
    {
        await using var command = SearchCommand(connection, sql, statement);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static NpgsqlCommand SearchCommand(NpgsqlConnection connection, TextSql sql, string statement)
    {
        var command = new NpgsqlCommand(statement, connection);
        foreach (var value in sql.Parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }
}
