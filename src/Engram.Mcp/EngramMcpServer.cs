using Microsoft.Extensions.DependencyInjection;

namespace Engram.Mcp;

/// <summary>Registers Engram's tools, resources and prompt on an MCP server (stdio or HTTP).</summary>
public static class EngramMcpServer
{
    /// <summary>The server's name in the MCP handshake.</summary>
    public const string Name = "engram";

    public static IMcpServerBuilder WithEngram(this IMcpServerBuilder builder) => builder
        .WithTools<MemoryTools>()
        .WithRequestFilters(filters => filters.AddCallToolFilter(ToolArguments.Check))
        .WithPrompts<MemoryPrompts>()
        .WithListResourcesHandler(MemoryResources.ListAsync)
        .WithListResourceTemplatesHandler(MemoryResources.ListTemplatesAsync)
        .WithReadResourceHandler(MemoryResources.ReadAsync);
}
