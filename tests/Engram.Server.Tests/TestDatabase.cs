using Npgsql;

namespace Engram.Server.Tests;

/// <summary>
/// A fresh, empty database on the test cluster, dropped when disposed (as Engram.Postgres.Tests' TestDatabase), for a
/// <see cref="TestServer"/> on <see cref="ServerBackend.Postgres"/>. The cluster is the one
/// <c>scripts/postgres.sh</c> starts for the test run; its connection string (to any database on it, as a user
/// that may create databases) is in <c>ENGRAM_TEST_POSTGRES</c>. Without it the tests fail, naming the script.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    public const string Variable = "ENGRAM_TEST_POSTGRES";

    private readonly string _admin;

    private TestDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>The connection string to the fresh database.</summary>
    public string ConnectionString { get; }

    /// <summary>The cluster's connection string, as the test run was given it.</summary>
    public static string Cluster =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set: the PostgreSQL tests run on the cluster scripts/postgres.sh starts (scripts/test.sh does it)");

    public static TestDatabase Create()
    {
        var admin = Cluster;
        var name = "engram_server_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'", connection);
            command.ExecuteNonQuery();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(admin, name, builder.ConnectionString);
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
