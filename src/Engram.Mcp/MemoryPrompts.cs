using System.ComponentModel;
using System.Globalization;
using Engram.Search;
using ModelContextProtocol.Server;

namespace Engram.Mcp;

/// <summary>The memory section as an MCP prompt, for clients that start a session with it.</summary>
[McpServerPromptType]
public sealed class MemoryPrompts(IEngramMcpContext context)
{
    [McpServerPrompt(Name = "memory_section"), Description("What you remember: your stores, their instructions, pinned memories, skills and an index of paths, within a token budget.")]
    public async Task<string> MemorySectionAsync(
        [Description("Token budget (default 2,000)")] string? budget = null,
        CancellationToken cancellationToken = default)
    {
        int? tokens = budget is null ? null : int.Parse(budget, NumberStyles.None, CultureInfo.InvariantCulture);
        return (await context.Client.BuildContextAsync(new ContextRequest(tokens, MemoryTool: true), cancellationToken).ConfigureAwait(false)).Text;
    }
}
