using Engram.Conformance;

namespace Engram.Server.Tests;

/// <summary>
/// The store conformance suite through the real HTTP server and the remote client (the official SDK for
/// the compatible endpoints), so the HTTP API misses no rule the library enforces.
/// </summary>
public sealed class RemoteConformanceTests : StoreConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => RemoteTarget.StartAsync();
}

/// <summary>The access port's suite through the server and the remote client.</summary>
public sealed class RemoteAccessConformanceTests : AccessConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => RemoteTarget.StartAsync();
}

/// <summary>The sessions port's suite through the server and the remote client.</summary>
public sealed class RemoteSessionConformanceTests : SessionConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => RemoteTarget.StartAsync();
}

/// <summary>The search index port's suite through the server and the remote client.</summary>
public sealed class RemoteSearchIndexConformanceTests : SearchIndexConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => RemoteTarget.StartAsync();
}

/// <summary>The proposals port's suite through the server and the remote client.</summary>
public sealed class RemoteProposalConformanceTests : ProposalConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => RemoteTarget.StartAsync();
}

/// <summary>The dreams port's suite through the server and the remote client, with the server's dream worker off.</summary>
public sealed class RemoteDreamConformanceTests : DreamConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => RemoteTarget.StartAsync(runDreams: false);
}

/// <summary>A dream run end to end through the server: its worker runs the dream and the remote client waits for it.</summary>
public sealed class RemoteDreamRunConformanceTests : DreamRunConformanceTests
{
    protected override Task<ConformanceTarget> StartAsync() => RemoteTarget.StartAsync();
}
