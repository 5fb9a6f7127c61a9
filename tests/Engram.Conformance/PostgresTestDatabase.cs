using Npgsql;

namespace Engram.Conformance;

/// <summary>
/// A fresh, empty database on the test cluster, dropped when disposed: what every PostgreSQL test (the backend's, the
/// server's, the CLI's) runs on. The cluster is the one <c>scripts/postgres.sh</c> starts for the test run; its
/// connection string (to any database on it, as a user that may create databases) is in <c>ENGRAM_TEST_POSTGRES</c>.
/// Without it the tests fail, naming the script.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string Variable = "ENGRAM_TEST_POSTGRES";

    private readonly string _admin;

    private PostgresTestDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>The connection string to the fresh database, what <c>--postgres</c> and <c>PostgresStorageOptions</c> are given.</summary>
    public string ConnectionString { get; }

    /// <summary>The cluster's connection string, as the test run was given it.</summary>
    public static string Cluster =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set: the PostgreSQL tests run on the cluster scripts/postgres.sh starts (scripts/test.sh does it)");

    /// <summary>Creates a database named <paramref name="prefix"/> and a random suffix.</summary>
    public static PostgresTestDatabase Create(string prefix = "engram_test_")
    {
        var admin = Cluster;
        var name = prefix + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'", connection);
            command.ExecuteNonQuery();
        }

        return new PostgresTestDatabase(admin, name, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
    }

    /// <summary>The one value <paramref name="sql"/> selects in this database.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
