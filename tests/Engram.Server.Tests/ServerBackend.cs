using Engram.Conformance;
namespace Engram.Server.Tests;

/// <summary>The storage a <see cref="TestServer"/>'s engine runs on.</summary>
internal enum ServerBackend
{
    /// <summary>A SQLite data directory, as <c>engram init</c> makes it.</summary>
    Sqlite,

    /// <summary>A fresh database on the test cluster <c>ENGRAM_TEST_POSTGRES</c> names (<see cref="PostgresTestDatabase"/>).</summary>
    Postgres,
}
