using Engram.Conformance;
using Engram.Access;
using Engram.Client;
using Engram.Identity;

namespace Engram.Postgres.Tests;

/// <summary>
/// Two Engram nodes on one fresh database: two engines, each on its own <see cref="PostgresStorage"/> (its own
/// connection pool), as two processes would be. Both act as the same admin.
/// </summary>
internal sealed class TwoNodes : IAsyncDisposable
{
    private readonly PostgresTestDatabase _database;

    private TwoNodes(PostgresTestDatabase database, PostgresStorage first, PostgresStorage second)
    {
        _database = database;
        Storages = [first, second];
        Engines = [new EngramEngine(first), new EngramEngine(second)];
        var admin = Engines[0].Ids.NewId(IdPrefix.User);
        Engines[0].BootstrapAsync(admin, "admin", CancellationToken.None).GetAwaiter().GetResult();
        Clients = [.. Engines.Select(engine => (IEngramClient)new LocalEngramClient(engine, Caller.LocalOperator(admin)))];
    }

    public IReadOnlyList<PostgresStorage> Storages { get; }

    public IReadOnlyList<EngramEngine> Engines { get; }

    /// <summary>An admin client on each node.</summary>
    public IReadOnlyList<IEngramClient> Clients { get; }

    public string ConnectionString => _database.ConnectionString;

    public static async Task<TwoNodes> StartAsync()
    {
        var database = PostgresTestDatabase.Create();
        var options = new PostgresStorageOptions(database.ConnectionString);
        var first = await PostgresStorage.OpenAsync(options);
        var second = await PostgresStorage.OpenAsync(options with { ConnectionString = database.ConnectionString + ";Application Name=node2" });
        return new TwoNodes(database, first, second);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var engine in Engines)
        {
            await engine.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
