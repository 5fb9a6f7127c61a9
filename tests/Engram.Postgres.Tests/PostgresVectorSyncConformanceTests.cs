using Engram.Conformance;
using Engram.Search;

namespace Engram.Postgres.Tests;

/// <summary>The vector sync suite on PostgreSQL: two engines, each on its own <see cref="PostgresStorage"/> (its own pool), on one fresh database.</summary>
public sealed class PostgresVectorSyncConformanceTests : VectorSyncConformanceTests
{
    protected override async Task<SharedDatabaseNodes> StartNodesAsync(Func<ITextEmbedder> embedder)
    {
        var database = PostgresTestDatabase.Create();
        var options = new PostgresStorageOptions(database.ConnectionString);
        var a = new EngramEngine(await PostgresStorage.OpenAsync(options), embedder: embedder());
        var b = new EngramEngine(await PostgresStorage.OpenAsync(options with { ConnectionString = database.ConnectionString + ";Application Name=node2" }), embedder: embedder());
        return new SharedDatabaseNodes(a, b, database.DisposeAsync);
    }
}
