using Engram.Conformance;

namespace Engram.Sqlite.Tests;

/// <summary>The store conformance suite on the embedded SQLite backend.</summary>
public sealed class SqliteConformanceTests : StoreConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => Task.FromResult<ConformanceTarget>(new SqliteTarget());
}
