using System.ComponentModel;
using System.Globalization;
using System.Text;
using Engram.Errors;
using Engram.MemoryTool;
using Engram.Memories;
using Engram.Search;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Engram.Mcp;

/// <summary>
/// The memory tool's six commands as MCP tools, with the same results and error texts as the
/// <c>memory_20250818</c> tool, plus search, a file's history and the memory section. Every call acts as
/// the request's caller, so policies apply exactly as they do over the API.
/// </summary>
[McpServerToolType]
internal sealed class MemoryTools(IEngramMcpContext context)
{
    /// <summary>What the memory section's <c>store</c> argument means.</summary>
    internal const string SectionStoreDescription =
        "Only this memory store (name or id); default: the server's default store, else every store you can see (your session's stores)";

    private const string StoreDescription = "The memory store (name or id); default: the server's default store, else the only store you can see";

    [McpServerTool(Name = "memory_view", ReadOnly = true), Description("View a directory of /memories (two levels, with sizes) or a file with line numbers. Start every task by viewing /memories.")]
    public Task<CallToolResult> ViewAsync(
        [Description("A path under /memories, e.g. /memories or /memories/notes.md")] string path,
        [Description("Optional [start, end] line range of a file; end -1 means to the end")] int[]? view_range = null,
        [Description(StoreDescription)] string? store = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(store, (tool, ct) => tool.ViewAsync(path, view_range, ct), cancellationToken);

    [McpServerTool(Name = "memory_create", Destructive = false), Description("Create a memory file; an existing file is not overwritten.")]
    public Task<CallToolResult> CreateAsync(
        [Description("A path under /memories")] string path,
        [Description("The file's text")] string file_text,
        [Description(StoreDescription)] string? store = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(store, (tool, ct) => tool.CreateAsync(path, file_text, ct), cancellationToken);

    [McpServerTool(Name = "memory_str_replace"), Description("Replace text that appears exactly once in a memory file (omit new_str to delete it).")]
    public Task<CallToolResult> StrReplaceAsync(
        [Description("A path under /memories")] string path,
        [Description("The exact text to replace; it must appear once")] string old_str,
        [Description("The replacement (omit to delete old_str)")] string? new_str = null,
        [Description(StoreDescription)] string? store = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(store, (tool, ct) => tool.StrReplaceAsync(path, old_str, new_str, ct), cancellationToken);

    [McpServerTool(Name = "memory_insert"), Description("Insert text after a line of a memory file (0 inserts before the first line).")]
    public Task<CallToolResult> InsertAsync(
        [Description("A path under /memories")] string path,
        [Description("The line after which to insert; 0 = before the first line")] int insert_line,
        [Description("The text to insert")] string insert_text,
        [Description(StoreDescription)] string? store = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(store, (tool, ct) => tool.InsertAsync(path, insert_line, insert_text, ct), cancellationToken);

    [McpServerTool(Name = "memory_delete", Destructive = true), Description("Delete a memory file, or a directory with everything in it. History is kept.")]
    public Task<CallToolResult> DeleteAsync(
        [Description("A path under /memories")] string path,
        [Description(StoreDescription)] string? store = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(store, (tool, ct) => tool.DeleteAsync(path, ct), cancellationToken);

    [McpServerTool(Name = "memory_rename"), Description("Rename or move a memory file or directory (memories keep their ids and history).")]
    public Task<CallToolResult> RenameAsync(
        [Description("The current path under /memories")] string old_path,
        [Description("The new path under /memories")] string new_path,
        [Description(StoreDescription)] string? store = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(store, (tool, ct) => tool.RenameAsync(old_path, new_path, ct), cancellationToken);

    [McpServerTool(Name = "memory_search", ReadOnly = true), Description("Search memories by words and \"phrases\" (and by meaning where the store has semantic search on); returns paths, one-line descriptions and snippets.")]
    public Task<CallToolResult> SearchAsync(
        [Description("Words and \"quoted phrases\"")] string query,
        [Description("Only under this store path prefix, ending in '/'")] string? path_prefix = null,
        [Description("How many results (1-100, default 10)")] int? limit = null,
        [Description(StoreDescription)] string? store = null,
        CancellationToken cancellationToken = default) =>
        AnswerAsync(async ct =>
        {
            var target = await StoreChoice.ForToolAsync(context, store, ct).ConfigureAwait(false);
            var page = await context.Client.SearchAsync(target.Id, new SearchRequest(query, PathPrefix: path_prefix, Limit: limit ?? 10), ct).ConfigureAwait(false);
            var text = new StringBuilder();
            foreach (var hit in page.Results)
            {
                text.Append(CultureInfo.InvariantCulture, $"/memories{hit.Path}{(hit.Stale ? " (stale)" : "")}{(hit.Summary is { } summary ? $" — {summary}" : "")}\n");
                if (hit.Snippet is { } snippet)
                {
                    text.Append(CultureInfo.InvariantCulture, $"    {snippet.ReplaceLineEndings(" ")}\n");
                }
            }

            if (page.Results.Count == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"No memory matches {query}.\n");
            }

            if (page.Partial)
            {
                text.Append(page.Embedding is { } progress
                    ? string.Create(CultureInfo.InvariantCulture, $"(Partial: {progress.Pending:N0} of {progress.Memories:N0} {(progress.Memories == 1 ? "memory" : "memories")} {(progress.Pending == 1 ? "is" : "are")} not embedded yet and {(progress.Pending == 1 ? "was" : "were")} matched by keyword only.)\n")
                    : "(Partial: some memories are not embedded yet and were matched by keyword only.)\n");
            }

            return text.ToString().TrimEnd('\n');
        }, cancellationToken);

    [McpServerTool(Name = "memory_history", ReadOnly = true), Description("The history of a memory file, newest first: each version's operation, author, time and reason.")]
    public Task<CallToolResult> HistoryAsync(
        [Description("A path under /memories")] string path,
        [Description("How many versions (1-100, default 20)")] int? limit = null,
        [Description(StoreDescription)] string? store = null,
        CancellationToken cancellationToken = default) =>
        AnswerAsync(async ct =>
        {
            var target = await StoreChoice.ForToolAsync(context, store, ct).ConfigureAwait(false);
            var memory = await context.Client.GetMemoryByPathAsync(target.Id, new MemoryToolHandler(context.Client, target.Id).StorePath(path), MemoryView.Basic, ct).ConfigureAwait(false);
            var versions = await context.Client.ListVersionsAsync(target.Id, new VersionListQuery(MemoryId: memory.Id, Limit: limit ?? 20), ct).ConfigureAwait(false);
            return string.Join('\n', versions.Data.Select(v => string.Create(CultureInfo.InvariantCulture,
                $"{v.Id}  {v.CreatedAt:yyyy-MM-dd HH:mm:ss}Z  {v.Operation.ToString().ToLowerInvariant(),-8}  {v.CreatedBy?.Type.ToString().ToLowerInvariant()}:{v.CreatedBy?.Id}{(v.Reason is { } reason ? $"  {reason}" : "")}")));
        }, cancellationToken);

    [McpServerTool(Name = "memory_context", ReadOnly = true), Description("The memory section for the start of a session: for each store, its instructions, pinned memories, skills and an index of paths, within a token budget.")]
    public Task<CallToolResult> ContextAsync(
        [Description("Token budget (default 2,000)")] int? budget = null,
        [Description(SectionStoreDescription)] string? store = null,
        CancellationToken cancellationToken = default) =>
        AnswerAsync(async ct =>
        {
            var stores = await StoreChoice.ForSectionAsync(context, store, ct).ConfigureAwait(false);
            return (await context.Client.BuildContextAsync(new ContextRequest(budget, stores, MemoryTool: true), ct).ConfigureAwait(false)).Text;
        }, cancellationToken);

    private Task<CallToolResult> RunAsync(string? store, Func<MemoryToolHandler, CancellationToken, Task<MemoryToolResult>> command, CancellationToken cancellationToken) =>
        GuardAsync(async ct =>
        {
            var target = await StoreChoice.ForToolAsync(context, store, ct).ConfigureAwait(false);
            var result = await command(new MemoryToolHandler(context.Client, target.Id), ct).ConfigureAwait(false);
            return Result(result.Text, result.IsError);
        }, cancellationToken);

    private static Task<CallToolResult> AnswerAsync(Func<CancellationToken, Task<string>> answer, CancellationToken cancellationToken) =>
        GuardAsync(async ct => Result(await answer(ct).ConfigureAwait(false), isError: false), cancellationToken);

    // Engram's own errors (a store that does not exist, a bad argument) are results the agent can read, not protocol failures.
    private static async Task<CallToolResult> GuardAsync(Func<CancellationToken, Task<CallToolResult>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (EngramException error)
        {
            return Result($"Error: {error.Message}", isError: true);
        }
    }

    private static CallToolResult Result(string text, bool isError) => new() { Content = [new TextContentBlock { Text = text }], IsError = isError };
}
