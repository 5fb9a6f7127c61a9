using Engram.Conformance;
using Engram.Search;

namespace Engram.Sqlite.Tests;

/// <summary>The vector sync suite on SQLite: two engines (two storage instances, as two processes) on one database file.</summary>
public sealed class SqliteVectorSyncConformanceTests : VectorSyncConformanceTests
{
    protected override Task<SharedDatabaseNodes> StartNodesAsync(Func<ITextEmbedder> embedder)
    {
        var directory = new TemporaryDirectory();
        var options = new SqliteStorageOptions(Path.Combine(directory.Path, "engram.db"));
        var a = new EngramEngine(SqliteMemoryStorage.Open(options), embedder: embedder());
        var b = new EngramEngine(SqliteMemoryStorage.Open(options), embedder: embedder());
        return Task.FromResult(new SharedDatabaseNodes(a, b, () =>
        {
            directory.Dispose();
            return ValueTask.CompletedTask;
        }));
    }
}
