namespace Engram.Dreaming.Signals;

/// <summary>Which tool calls read or write memory, and where.</summary>
internal static class MemoryAccessRules
{
    /// <summary>The memory tool's name (the compatible API's client-side tool).</summary>
    private const string MemoryTool = "memory";

    /// <summary>MCP memory tools are <c>memory_view</c> …, or <c>mcp__server__memory_view</c> as a client names them.</summary>
    private const string McpPrefix = "mcp__";

    private static readonly HashSet<string> ReadCommands = new(StringComparer.Ordinal) { "view", "search", "history", "context", "read", "list", "get" };

    private static readonly HashSet<string> WriteCommands = new(StringComparer.Ordinal) { "create", "str_replace", "insert", "delete", "rename", "write", "update", "edit" };

    private static readonly HashSet<string> FileReads = new(StringComparer.Ordinal) { "Read", "read_file", "View", "NotebookRead" };

    private static readonly HashSet<string> FileWrites = new(StringComparer.Ordinal) { "Write", "Edit", "MultiEdit", "NotebookEdit", "write_file", "edit_file" };

    private static readonly HashSet<string> ShellReads = new(StringComparer.Ordinal) { "cat", "head", "tail", "less", "more", "ls", "grep", "rg", "find", "wc" };

    private static readonly HashSet<string> ShellWrites = new(StringComparer.Ordinal) { "tee", "rm", "mv", "cp", "touch", "mkdir" };

    private static readonly string[] PathFields = ["path", "old_path", "new_path"];

    private static readonly string[] FilePathFields = ["file_path", "path", "notebook_path"];

    /// <summary>The accesses one call makes; empty when it touches no memory.</summary>
    public static IEnumerable<(string Path, MemoryAccessKind Access)> Accesses(ToolCall call)
    {
        if (MemoryCommand(call) is { } command)
        {
            var access = WriteCommands.Contains(command) ? MemoryAccessKind.Write : ReadCommands.Contains(command) ? MemoryAccessKind.Read : (MemoryAccessKind?)null;
            if (access is not { } kind)
            {
                yield break;
            }

            var paths = PathFields.Select(call.Strings.GetValueOrDefault).OfType<string>().ToList();
            foreach (var path in paths.Count > 0 ? paths : ["*"])
            {
                yield return (path, kind);
            }

            yield break;
        }

        var fileAccess = FileReads.Contains(call.Tool) ? MemoryAccessKind.Read : FileWrites.Contains(call.Tool) ? MemoryAccessKind.Write : (MemoryAccessKind?)null;
        if (fileAccess is { } fileKind && FilePathFields.Select(call.Strings.GetValueOrDefault).FirstOrDefault(IsMemoryPath) is { } filePath)
        {
            yield return (filePath, fileKind);
        }
        else if (call is { Command: { } line, Program: { } program } && line.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(IsMemoryPath) is { } shellPath)
        {
            var shellKind = ShellWrites.Contains(program) || line.Contains('>', StringComparison.Ordinal) ? MemoryAccessKind.Write
                : ShellReads.Contains(program) ? MemoryAccessKind.Read : (MemoryAccessKind?)null;
            if (shellKind is { } kind)
            {
                yield return (shellPath.Trim('"', '\''), kind);
            }
        }
    }

    // memory + input.command, or memory_<command> / mcp__<server>__memory_<command>.
    private static string? MemoryCommand(ToolCall call)
    {
        if (call.Tool == MemoryTool)
        {
            return call.Strings.GetValueOrDefault("command");
        }

        var name = call.Tool;
        if (name.StartsWith(McpPrefix, StringComparison.Ordinal) && name.LastIndexOf("__", StringComparison.Ordinal) is var split and > 3)
        {
            name = name[(split + 2)..];
        }

        return name.StartsWith("memory_", StringComparison.Ordinal) ? name["memory_".Length..] : null;
    }

    private static bool IsMemoryPath(string? path) =>
        path is not null && (path.Contains("/memories/", StringComparison.Ordinal) || path.EndsWith("/memories", StringComparison.Ordinal)
            || path.StartsWith("/memories", StringComparison.Ordinal) || path.Contains(".engram", StringComparison.Ordinal));
}
