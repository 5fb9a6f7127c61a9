using Engram.Conformance;

namespace Engram.Postgres.Tests;

/// <summary>The store conformance suite on PostgreSQL.</summary>
public sealed class PostgresConformanceTests : StoreConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => PostgresTarget.StartAsync();
}

/// <summary>The access port's suite on PostgreSQL.</summary>
public sealed class PostgresAccessConformanceTests : AccessConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => PostgresTarget.StartAsync();
}

/// <summary>The sessions port's suite on PostgreSQL.</summary>
public sealed class PostgresSessionConformanceTests : SessionConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => PostgresTarget.StartAsync();
}

/// <summary>The search index port's suite on PostgreSQL.</summary>
public sealed class PostgresSearchIndexConformanceTests : SearchIndexConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => PostgresTarget.StartAsync();
}

/// <summary>The proposals port's suite on PostgreSQL.</summary>
public sealed class PostgresProposalConformanceTests : ProposalConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => PostgresTarget.StartAsync();
}

/// <summary>The dreams port's suite on PostgreSQL.</summary>
public sealed class PostgresDreamConformanceTests : DreamConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => PostgresTarget.StartAsync();
}

/// <summary>A dream run end to end on PostgreSQL.</summary>
public sealed class PostgresDreamRunConformanceTests : DreamRunConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => PostgresTarget.StartAsync();
}
