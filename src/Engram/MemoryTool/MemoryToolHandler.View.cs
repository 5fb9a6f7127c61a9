using System.Text;
using Engram.Errors;
using Engram.Memories;

namespace Engram.MemoryTool;

public sealed partial class MemoryToolHandler
{
    /// <summary>
    /// Views a directory (entries up to 2 levels deep, hidden items and node_modules left out, sizes as
    /// <see cref="ToolText.Size"/> prints them, every directory <c>4.0K</c>) or a file with numbered lines,
    /// optionally only lines <c>[start, end]</c> (1-based, inclusive, <c>end = -1</c> for the last line).
    /// </summary>
    public async Task<MemoryToolResult> ViewAsync(string path, IReadOnlyList<int>? viewRange, CancellationToken cancellationToken)
    {
        var target = Resolve(path, out var refusal);
        if (target is null)
        {
            return refusal!;
        }

        try
        {
            var file = await FindFileAsync(target, MemoryView.Full, cancellationToken).ConfigureAwait(false);
            if (file is not null)
            {
                return ViewFile(target.Display, file.Content ?? "", viewRange);
            }

            if (!await IsDirectoryAsync(target, cancellationToken).ConfigureAwait(false))
            {
                return MemoryToolResult.Error(ToolText.ViewMissing(target.Display));
            }

            return viewRange is null
                ? MemoryToolResult.Ok(await ViewDirectoryAsync(target, cancellationToken).ConfigureAwait(false))
                : MemoryToolResult.Error(ToolText.ViewRangeOnDirectory);
        }
        catch (EngramException error) when (IsToolLevel(error))
        {
            return MemoryToolResult.Error($"Error: {error.Message}");
        }
    }

    /// <summary>A file's numbered lines, all of them or <paramref name="viewRange"/>.</summary>
    internal static MemoryToolResult ViewFile(string path, string content, IReadOnlyList<int>? viewRange)
    {
        var file = FileLines.Of(content);
        if (file.Count > ToolText.MaxLines)
        {
            return MemoryToolResult.Error(ToolText.TooManyLines(path));
        }

        var (first, last) = (1, file.Count);
        if (viewRange is not null)
        {
            if (viewRange.Count != 2)
            {
                return MemoryToolResult.Error(ToolText.ViewRangeShape);
            }

            var (start, end) = (viewRange[0], viewRange[1]);
            if (start < 1 || start > file.Count)
            {
                return MemoryToolResult.Error(ToolText.ViewRangeStart(start, end, file.Count));
            }

            if (end != -1 && (end < start || end > file.Count))
            {
                return MemoryToolResult.Error(ToolText.ViewRangeEnd(start, end, file.Count));
            }

            (first, last) = (start, end == -1 ? file.Count : end);
        }

        var header = ToolText.FileHeader(path);
        return MemoryToolResult.Ok(last < first ? header : $"{header}\n{ToolText.Numbered(file, first, last)}");
    }

    private async Task<string> ViewDirectoryAsync(ToolPath directory, CancellationToken cancellationToken)
    {
        var prefix = directory.StorePrefix;

        // Each entry one level down: a file's size, or the entries of a directory one level further down
        // (a file's size, or null for a directory).
        var files = new Dictionary<string, long>(StringComparer.Ordinal);
        var directories = new Dictionary<string, SortedDictionary<string, long?>>(StringComparer.Ordinal);
        foreach (var item in await ListAllAsync(prefix, depth: 2, cancellationToken).ConfigureAwait(false))
        {
            var segments = item.Path[prefix.Length..].TrimEnd('/').Split('/');
            if (segments.Any(IsHidden))
            {
                continue;
            }

            long? size = item is Memory memory ? memory.ContentSizeBytes : null;
            if (segments.Length == 1 && size is { } bytes)
            {
                files[segments[0]] = bytes;
                continue;
            }

            if (!directories.TryGetValue(segments[0], out var children))
            {
                children = new SortedDictionary<string, long?>(StringComparer.Ordinal);
                directories[segments[0]] = children;
            }

            if (segments.Length == 2)
            {
                children[segments[1]] = size;
            }
        }

        var text = new StringBuilder(ToolText.DirectoryHeader(directory.Display));
        text.Append('\n').Append(ToolText.DirectorySize).Append('\t').Append(directory.Display);
        foreach (var name in files.Keys.Concat(directories.Keys).Order(StringComparer.Ordinal))
        {
            var entry = directory.Child(name).Display;
            if (files.TryGetValue(name, out var bytes))
            {
                text.Append('\n').Append(ToolText.Size(bytes)).Append('\t').Append(entry);
                continue;
            }

            text.Append('\n').Append(ToolText.DirectorySize).Append('\t').Append(entry).Append('/');
            foreach (var (child, size) in directories[name])
            {
                text.Append('\n').Append(size is { } childBytes ? ToolText.Size(childBytes) : ToolText.DirectorySize)
                    .Append('\t').Append(entry).Append('/').Append(child).Append(size is null ? "/" : "");
            }
        }

        return text.ToString();
    }

    private static bool IsHidden(string segment) => segment.StartsWith('.') || segment == "node_modules";
}
