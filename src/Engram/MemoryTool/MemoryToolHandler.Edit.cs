using Engram.Errors;
using Engram.Memories;

namespace Engram.MemoryTool;

public sealed partial class MemoryToolHandler
{
    /// <summary>Creates a file; an existing one is an error (create never overwrites).</summary>
    public async Task<MemoryToolResult> CreateAsync(string path, string fileText, CancellationToken cancellationToken)
    {
        var target = Resolve(path, out var refusal);
        if (target is null)
        {
            return refusal!;
        }

        if (target.IsRoot)
        {
            return MemoryToolResult.Error(ToolText.AlreadyExists(target.Display));
        }

        try
        {
            var created = await _client.CreateMemoryAsync(_storeId, new CreateMemoryRequest(target.StorePath, fileText), cancellationToken).ConfigureAwait(false);
            return Filed(created, target) ?? MemoryToolResult.Ok(ToolText.Created(target.Display));
        }
        catch (EngramException error) when (IsToolLevel(error))
        {
            return WriteFailure(error, target, ToolText.Missing(target.Display), ToolText.ReadOnly(target.Display), ToolText.AlreadyExists(target.Display));
        }
    }

    /// <summary>
    /// Replaces the one occurrence of <paramref name="oldStr"/> with <paramref name="newStr"/> (null deletes it),
    /// on the content as read: a change made in between is an error and nothing is written. The answer shows the
    /// edited lines with <see cref="ToolText.SnippetContextLines"/> lines of context before and after.
    /// </summary>
    public async Task<MemoryToolResult> StrReplaceAsync(string path, string oldStr, string? newStr, CancellationToken cancellationToken)
    {
        var target = Resolve(path, out var refusal);
        if (target is null)
        {
            return refusal!;
        }

        var missing = ToolText.ReplaceMissing(target.Display);
        try
        {
            var memory = await FindFileAsync(target, MemoryView.Full, cancellationToken).ConfigureAwait(false);
            if (memory is null)
            {
                return MemoryToolResult.Error(missing);
            }

            if (string.IsNullOrEmpty(oldStr))
            {
                return MemoryToolResult.Error(ToolText.EmptyOldStr);
            }

            var content = memory.Content ?? "";
            var found = Occurrences(content, oldStr);
            if (found.Count == 0)
            {
                return MemoryToolResult.Error(ToolText.NoMatch(oldStr, target.Display));
            }

            if (found.Count > 1)
            {
                return MemoryToolResult.Error(ToolText.MultipleMatches(oldStr, found.Select(at => FileLines.LineAt(content, at)).Distinct()));
            }

            var replacement = newStr ?? "";
            var at = found[0];
            var edited = string.Concat(content.AsSpan(0, at), replacement, content.AsSpan(at + oldStr.Length));
            var updated = await _client.UpdateMemoryAsync(_storeId, memory.Id, new UpdateMemoryRequest(edited, ExpectedContentSha256: memory.ContentSha256), cancellationToken).ConfigureAwait(false);
            return Filed(updated, target) ?? MemoryToolResult.Ok(EditedSnippet(edited, at, replacement));
        }
        catch (EngramException error) when (IsToolLevel(error))
        {
            return WriteFailure(error, target, missing, ToolText.ReadOnly(target.Display), missing);
        }
    }

    /// <summary>
    /// Inserts <paramref name="insertText"/> as whole lines after line <paramref name="insertLine"/> (0 = before
    /// the first), on the content as read, like <see cref="StrReplaceAsync"/>.
    /// </summary>
    public async Task<MemoryToolResult> InsertAsync(string path, int insertLine, string insertText, CancellationToken cancellationToken)
    {
        var target = Resolve(path, out var refusal);
        if (target is null)
        {
            return refusal!;
        }

        var missing = ToolText.Missing(target.Display);
        try
        {
            var memory = await FindFileAsync(target, MemoryView.Full, cancellationToken).ConfigureAwait(false);
            if (memory is null)
            {
                return MemoryToolResult.Error(missing);
            }

            var content = memory.Content ?? "";
            var file = FileLines.Of(content);
            if (insertLine < 0 || insertLine > file.Count)
            {
                return MemoryToolResult.Error(ToolText.InvalidInsertLine(insertLine, file.Count));
            }

            var inserted = insertText ?? "";
            var endsWithNewline = inserted.EndsWith('\n');
            file.Lines.InsertRange(insertLine, (endsWithNewline ? inserted[..^1] : inserted).Split('\n'));
            var edited = string.Join('\n', file.Lines) + (file.EndsWithNewline || (content.Length == 0 && endsWithNewline) ? "\n" : "");
            var updated = await _client.UpdateMemoryAsync(_storeId, memory.Id, new UpdateMemoryRequest(edited, ExpectedContentSha256: memory.ContentSha256), cancellationToken).ConfigureAwait(false);
            return Filed(updated, target) ?? MemoryToolResult.Ok(ToolText.Inserted(target.Display));
        }
        catch (EngramException error) when (IsToolLevel(error))
        {
            return WriteFailure(error, target, missing, ToolText.ReadOnly(target.Display), missing);
        }
    }

    /// <summary>Where <paramref name="value"/> starts in <paramref name="text"/>, non-overlapping, left to right.</summary>
    private static List<int> Occurrences(string text, string value)
    {
        var found = new List<int>();
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            found.Add(at);
        }

        return found;
    }

    /// <summary>
    /// The edited notice and the lines the replacement covers, with up to <see cref="ToolText.SnippetContextLines"/>
    /// lines before and after, numbered as in a file view.
    /// </summary>
    private static string EditedSnippet(string edited, int at, string replacement)
    {
        var file = FileLines.Of(edited);
        if (file.Count == 0)
        {
            return ToolText.Edited;
        }

        var firstChanged = Math.Min(FileLines.LineAt(edited, at), file.Count);
        // A replacement ending in '\n' ends its last line there; it does not reach into the next one.
        var spanned = replacement.EndsWith('\n') ? replacement[..^1] : replacement;
        var lastChanged = Math.Min(firstChanged + spanned.AsSpan().Count('\n'), file.Count);
        var first = Math.Max(1, firstChanged - ToolText.SnippetContextLines);
        var last = Math.Min(file.Count, lastChanged + ToolText.SnippetContextLines);
        return $"{ToolText.Edited}\n{ToolText.Numbered(file, first, last)}";
    }
}
