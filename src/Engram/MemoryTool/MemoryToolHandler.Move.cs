using Engram.Errors;
using Engram.Memories;

namespace Engram.MemoryTool;

public sealed partial class MemoryToolHandler
{
    /// <summary>
    /// Deletes a file, or a directory with every memory below it. <c>/memories</c> itself is refused
    /// (<see cref="ClearAllAsync"/> empties it on purpose).
    /// </summary>
    public async Task<MemoryToolResult> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        var target = Resolve(path, out var refusal);
        if (target is null)
        {
            return refusal!;
        }

        if (target.IsRoot)
        {
            return MemoryToolResult.Error(ToolText.RootNotDeletable(target.Display));
        }

        var missing = ToolText.Missing(target.Display);
        try
        {
            var file = await FindFileAsync(target, MemoryView.Basic, cancellationToken).ConfigureAwait(false);
            if (file is not null)
            {
                var deleted = await _client.DeleteMemoryAsync(_storeId, file.Id, new DeleteMemoryRequest(), cancellationToken).ConfigureAwait(false);
                return Filed(deleted, target) ?? MemoryToolResult.Ok(ToolText.Deleted(target.Display));
            }

            var memories = await MemoriesUnderAsync(target, cancellationToken).ConfigureAwait(false);
            return memories.Count == 0
                ? MemoryToolResult.Error(missing)
                : await DeleteEachAsync(target, memories, ToolText.Deleted(target.Display), cancellationToken).ConfigureAwait(false);
        }
        catch (EngramException error) when (IsToolLevel(error))
        {
            return WriteFailure(error, target, missing, ToolText.ReadOnly(target.Display), missing);
        }
    }

    /// <summary>
    /// Deletes every memory under <c>/memories</c> the caller may list. Answers <c>Successfully deleted /memories</c>
    /// (also when it was already empty), or the proposal and read-only texts of <see cref="DeleteAsync"/>.
    /// </summary>
    public async Task<MemoryToolResult> ClearAllAsync(CancellationToken cancellationToken)
    {
        var root = new ToolPath(ToolPath.Prefix, "", _root);
        var memories = await MemoriesUnderAsync(root, cancellationToken).ConfigureAwait(false);
        return await DeleteEachAsync(root, memories, ToolText.Deleted(root.Display), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Renames a file, or a directory with every memory below it (each keeps its id and history). The destination
    /// may not exist, and a directory may not move into itself; <c>/memories</c> itself is refused.
    /// </summary>
    public async Task<MemoryToolResult> RenameAsync(string oldPath, string newPath, CancellationToken cancellationToken)
    {
        var source = Resolve(oldPath, out var refusal);
        if (source is null)
        {
            return refusal!;
        }

        var destination = Resolve(newPath, out refusal);
        if (destination is null)
        {
            return refusal!;
        }

        if (source.IsRoot)
        {
            return MemoryToolResult.Error(ToolText.RootNotRenamable(source.Display));
        }

        var missing = ToolText.Missing(source.Display);
        var exists = ToolText.DestinationExists(destination.Display);
        try
        {
            var file = await FindFileAsync(source, MemoryView.Basic, cancellationToken).ConfigureAwait(false);
            var memories = file is null ? await MemoriesUnderAsync(source, cancellationToken).ConfigureAwait(false) : [file];
            if (memories.Count == 0)
            {
                return MemoryToolResult.Error(missing);
            }

            if (await FindFileAsync(destination, MemoryView.Basic, cancellationToken).ConfigureAwait(false) is not null
                || await IsDirectoryAsync(destination, cancellationToken).ConfigureAwait(false))
            {
                return MemoryToolResult.Error(exists);
            }

            if (file is null && source.Contains(destination))
            {
                return MemoryToolResult.Error(ToolText.IntoItself(source.Display, destination.Display));
            }

            return await RenameEachAsync(source, destination, memories, cancellationToken).ConfigureAwait(false);
        }
        catch (EngramException error) when (IsToolLevel(error))
        {
            return WriteFailure(error, destination, missing, ToolText.ReadOnlyMove(source.Display, destination.Display), exists);
        }
    }

    private async Task<MemoryToolResult> DeleteEachAsync(ToolPath directory, List<Memory> memories, string success, CancellationToken cancellationToken)
    {
        var outcome = new DirectoryOutcome(directory.Display, memories.Count, "deleted");
        foreach (var memory in memories)
        {
            var one = ToolPath.OfStorePath(memory.Path, _root);
            try
            {
                var deleted = await _client.DeleteMemoryAsync(_storeId, memory.Id, new DeleteMemoryRequest(), cancellationToken).ConfigureAwait(false);
                outcome.Count(deleted);
            }
            catch (NotFoundException gone) when (IsMissingMemory(gone))
            {
                // Deleted by someone else in the meantime: what was asked for holds.
                outcome.Done++;
            }
            catch (EngramException error) when (IsToolLevel(error))
            {
                return outcome.Stopped(WriteFailure(error, one, ToolText.Missing(one.Display), ToolText.ReadOnly(one.Display), ToolText.Missing(one.Display)));
            }
        }

        return outcome.Finished(success);
    }

    private async Task<MemoryToolResult> RenameEachAsync(ToolPath source, ToolPath destination, List<Memory> memories, CancellationToken cancellationToken)
    {
        var outcome = new DirectoryOutcome(source.Display, memories.Count, "renamed");
        foreach (var memory in memories)
        {
            var moved = memories.Count == 1 && memory.Path == source.StorePath
                ? destination
                : destination.Child(memory.Path[source.StorePrefix.Length..]);
            var display = ToolPath.OfStorePath(memory.Path, _root).Display;
            try
            {
                var renamed = await _client.UpdateMemoryAsync(_storeId, memory.Id, new UpdateMemoryRequest(Path: moved.StorePath), cancellationToken).ConfigureAwait(false);
                outcome.Count(renamed);
            }
            catch (EngramException error) when (IsToolLevel(error))
            {
                return outcome.Stopped(WriteFailure(error, moved, ToolText.Missing(display), ToolText.ReadOnlyMove(display, moved.Display), ToolText.DestinationExists(moved.Display)));
            }
        }

        return outcome.Finished(ToolText.Renamed(source.Display, destination.Display));
    }
}
