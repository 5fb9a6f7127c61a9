using Engram.Client;
using Engram.Memories;

namespace Engram.Mcp;

/// <summary>
/// Who an MCP request acts as and which store it means by default. Over stdio that is fixed when
/// <c>engram mcp</c> starts; over HTTP it is the caller of each request (its API key or session token).
/// </summary>
public interface IEngramMcpContext
{
    /// <summary>The client every tool, resource and prompt of this request goes through.</summary>
    IEngramClient Client { get; }

    /// <summary>The store named when the server started (<c>--store</c>), or null.</summary>
    string? DefaultStore { get; }
}

/// <summary>A fixed client and default store (stdio).</summary>
public sealed record FixedMcpContext(IEngramClient Client, string? DefaultStore) : IEngramMcpContext;

internal static class StoreChoice
{
    /// <summary>How a server gets a default store, over either transport.</summary>
    public const string ServerDefault = "give the server a default store (engram mcp --store NAME over stdio, /mcp?store=NAME over HTTP)";

    /// <summary>The store a tool call means: the one it names, else the server's default, else the only one the caller can see.</summary>
    public static Task<MemoryStore> ResolveAsync(IEngramMcpContext context, string? store, CancellationToken cancellationToken) =>
        StoreResolver.ResolveAsync(context.Client, store ?? context.DefaultStore, $"name one in the tool's store argument, or {ServerDefault}", cancellationToken);

    /// <summary>The server's default store, else the only one the caller can see (for requests that cannot name one, as resources/list).</summary>
    public static Task<MemoryStore> DefaultAsync(IEngramMcpContext context, CancellationToken cancellationToken) =>
        StoreResolver.ResolveAsync(context.Client, context.DefaultStore, ServerDefault, cancellationToken);
}
