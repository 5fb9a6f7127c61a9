using Engram.Conformance;

namespace Engram.Server.Tests;

/// <summary>The store conformance suite through the real HTTP server over PostgreSQL and the remote client.</summary>
public sealed class RemotePostgresConformanceTests : StoreConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => RemoteTarget.StartAsync(backend: ServerBackend.Postgres);
}

/// <summary>The access port's suite through the server over PostgreSQL and the remote client.</summary>
public sealed class RemotePostgresAccessConformanceTests : AccessConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => RemoteTarget.StartAsync(backend: ServerBackend.Postgres);
}

/// <summary>The sessions port's suite through the server over PostgreSQL and the remote client.</summary>
public sealed class RemotePostgresSessionConformanceTests : SessionConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => RemoteTarget.StartAsync(backend: ServerBackend.Postgres);
}

/// <summary>The search index port's suite through the server over PostgreSQL and the remote client.</summary>
public sealed class RemotePostgresSearchIndexConformanceTests : SearchIndexConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => RemoteTarget.StartAsync(backend: ServerBackend.Postgres);
}

/// <summary>The proposals port's suite through the server over PostgreSQL and the remote client.</summary>
public sealed class RemotePostgresProposalConformanceTests : ProposalConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => RemoteTarget.StartAsync(backend: ServerBackend.Postgres);
}

/// <summary>The dreams port's suite through the server over PostgreSQL and the remote client, with the server's dream worker off.</summary>
public sealed class RemotePostgresDreamConformanceTests : DreamConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => RemoteTarget.StartAsync(runDreams: false, backend: ServerBackend.Postgres);
}

/// <summary>A dream run end to end through the server over PostgreSQL: its worker runs the dream and the remote client waits for it.</summary>
public sealed class RemotePostgresDreamRunConformanceTests : DreamRunConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => RemoteTarget.StartAsync(backend: ServerBackend.Postgres);
}
