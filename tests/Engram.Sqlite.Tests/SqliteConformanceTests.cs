using Engram.Conformance;

namespace Engram.Sqlite.Tests;

/// <summary>The store conformance suite on the embedded SQLite backend.</summary>
public sealed class SqliteConformanceTests : StoreConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => Task.FromResult<ConformanceTarget>(new SqliteTarget());
}

/// <summary>The access port's suite on SQLite.</summary>
public sealed class SqliteAccessConformanceTests : AccessConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => Task.FromResult<ConformanceTarget>(new SqliteTarget());
}

/// <summary>The sessions port's suite on SQLite.</summary>
public sealed class SqliteSessionConformanceTests : SessionConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => Task.FromResult<ConformanceTarget>(new SqliteTarget());
}

/// <summary>The search index port's suite on SQLite.</summary>
public sealed class SqliteSearchIndexConformanceTests : SearchIndexConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => Task.FromResult<ConformanceTarget>(new SqliteTarget());
}

/// <summary>The proposals port's suite on SQLite.</summary>
public sealed class SqliteProposalConformanceTests : ProposalConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => Task.FromResult<ConformanceTarget>(new SqliteTarget());
}

/// <summary>The dreams port's suite on SQLite (in process, a dream runs only when asked to).</summary>
public sealed class SqliteDreamConformanceTests : DreamConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => Task.FromResult<ConformanceTarget>(new SqliteTarget());
}

/// <summary>A dream run end to end on SQLite, in process.</summary>
public sealed class SqliteDreamRunConformanceTests : DreamRunConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => Task.FromResult<ConformanceTarget>(new SqliteTarget());
}
