using System.ComponentModel;
using System.Globalization;
using Engram.Errors;
using Engram.Search;
using ModelContextProtocol.Server;

namespace Engram.Mcp;

/// <summary>The memory section as an MCP prompt, for clients that start a session with it.</summary>
[McpServerPromptType]
internal sealed class MemoryPrompts(IEngramMcpContext context)
{
    [McpServerPrompt(Name = "memory_section"), Description("What you remember: your stores, their instructions, pinned memories, skills and an index of paths, within a token budget.")]
    public async Task<string> MemorySectionAsync(
        [Description("Token budget (default 2,000)")] string? budget = null,
        [Description(MemoryTools.SectionStoreDescription)] string? store = null,
        CancellationToken cancellationToken = default)
    {
        int? tokens = budget is null ? null
            : int.TryParse(budget, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : throw McpErrors.InvalidParams("budget", $"must be a whole number of tokens (got \"{budget}\")");
        IReadOnlyList<string>? stores;
        try
        {
            stores = await StoreChoice.ForSectionAsync(context, store, cancellationToken).ConfigureAwait(false);
        }
        catch (EngramException error)
        {
            throw McpErrors.From(error, "store");
        }

        try
        {
            return (await context.Client.BuildContextAsync(new ContextRequest(tokens, stores, MemoryTool: true), cancellationToken).ConfigureAwait(false)).Text;
        }
        catch (EngramException error)
        {
            throw McpErrors.From(error, "budget");
        }
    }
}
