using Engram.Conformance;
using Engram.Memories;
using Npgsql;

namespace Engram.Postgres.Tests;

/// <summary>
/// A fresh database with two <see cref="PostgresStorage"/> instances on it, each with its own connection pool: two
/// Engram nodes, as far as the database can tell. For tests that call the storage ports directly.
/// </summary>
internal sealed class StorageNodes : IAsyncDisposable
{
    private readonly PostgresTestDatabase _database;

    private StorageNodes(PostgresTestDatabase database, PostgresStorage a, PostgresStorage b)
    {
        _database = database;
        A = a;
        B = b;
    }

    public PostgresStorage A { get; }

    public PostgresStorage B { get; }

    public static async Task<StorageNodes> StartAsync()
    {
        var database = PostgresTestDatabase.Create();
        var a = await PostgresStorage.OpenAsync(new PostgresStorageOptions(database.ConnectionString));
        var b = await PostgresStorage.OpenAsync(new PostgresStorageOptions(database.ConnectionString));
        return new StorageNodes(database, a, b);
    }

    /// <summary>
    /// Makes a store the way this schema allows: through the memories port where it has its table, else (while the
    /// memories tables are not in this build) as a bare row of a stand-in <c>stores</c> table, which is all the store
    /// lock reads.
    /// </summary>
    public async Task<string> CreateStoreAsync(string id)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("SELECT to_regclass('stores') IS NULL", connection))
        {
            if ((bool)(await create.ExecuteScalarAsync())!)
            {
                await using var table = new NpgsqlCommand("CREATE TABLE stores (id text COLLATE \"C\" PRIMARY KEY)", connection);
                await table.ExecuteNonQueryAsync();
            }
        }

        await using var columns = new NpgsqlCommand("SELECT count(*) FROM information_schema.columns WHERE table_name = 'stores'", connection);
        if ((long)(await columns.ExecuteScalarAsync())! == 1)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO stores (id) VALUES ($1)", connection) { Parameters = { new() { Value = id } } };
            await insert.ExecuteNonQueryAsync();
        }
        else
        {
            var now = DateTimeOffset.UtcNow;
            await A.WriteAsync(tx =>
            {
                tx.InsertStore(new MemoryStore(id, id, "", new Dictionary<string, string>(), now, now, null));
                return true;
            }, CancellationToken.None);
        }

        return id;
    }

    /// <summary>Runs <paramref name="sql"/> on the database directly (to look at what the ports wrote).</summary>
    public async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await _database.DisposeAsync();
    }
}
