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

    /// <summary>The store named when the server started (<c>--store</c>) or in the URL (<c>?store=</c>), or null.</summary>
    string? DefaultStore { get; }

    /// <summary>How this transport's client names a store, for the errors that ask it to.</summary>
    McpStoreHints Hints { get; }
}

/// <summary>A fixed client and default store (stdio).</summary>
public sealed record FixedMcpContext(IEngramClient Client, string? DefaultStore) : IEngramMcpContext
{
    public McpStoreHints Hints => McpStoreHints.Stdio;
}

/// <summary>
/// How an MCP client names a store, in the terms of its transport (never the command line's options, which an
/// MCP client cannot pass): a tool call takes a <c>store</c> argument. (The resource list needs none: without a
/// default store it lists every working store, each URI carrying its store.)
/// </summary>
/// <param name="ForTools">What a tool's error says to do when several stores could be meant.</param>
public sealed record McpStoreHints(string ForTools)
{
    /// <summary>Over stdio the default store is part of the command the server was registered with.</summary>
    public static McpStoreHints Stdio { get; } = new("pass the tool's `store` argument (a store name or id)");

    /// <summary>Over HTTP the default store is a parameter of the URL the client connects to.</summary>
    public static McpStoreHints Http { get; } = new("pass the tool's `store` argument (a store name or id), or add ?store=NAME|ID to the /mcp URL");
}

/// <summary>The store a call means, by the library's rule (<see cref="StoreResolver"/>), with errors in MCP's terms.</summary>
internal static class StoreChoice
{
    private const string WhenNone = "there is no store you can see; a person creates one (and attaches it to an agent's session)";

    /// <summary>The store a tool call means: the one it names, else the default store, else the only working store the caller can see.</summary>
    public static Task<MemoryStore> ForToolAsync(IEngramMcpContext context, string? store, CancellationToken cancellationToken) =>
        StoreResolver.ResolveAsync(context.Client, store ?? context.DefaultStore, new StoreNaming("store", context.Hints.ForTools, WhenNone), cancellationToken);

    /// <summary>
    /// The stores whose memories are listed as resources: the default store, else every working store the caller can see
    /// (none is an empty list: clients list resources as they connect, and one store too many must not fail that).
    /// </summary>
    public static async Task<IReadOnlyList<MemoryStore>> ForResourcesAsync(IEngramMcpContext context, CancellationToken cancellationToken) =>
        context.DefaultStore is { } named
            ? [await ForToolAsync(context, named, cancellationToken).ConfigureAwait(false)]
            : await StoreResolver.ListWorkingAsync(context.Client, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The stores a memory section covers: the one the call names, else the default store; with neither, null,
    /// which leaves it to the library (a session's attached stores, else every working store the caller sees).
    /// </summary>
    public static async Task<IReadOnlyList<string>?> ForSectionAsync(IEngramMcpContext context, string? store, CancellationToken cancellationToken) =>
        (store ?? context.DefaultStore) is { } named ? [(await ForToolAsync(context, named, cancellationToken).ConfigureAwait(false)).Id] : null;
}
