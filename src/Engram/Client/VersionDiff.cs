using Engram.Errors;
using Engram.Identity;
using Engram.Memories;

namespace Engram.Client;

/// <summary>Diffs between versions of a memory, or between a version and the memory's current content.</summary>
internal static class VersionDiff
{
    /// <summary>
    /// <paramref name="from"/> and <paramref name="to"/> are version ids; when <paramref name="to"/> is null
    /// the diff runs to the memory's current content. When <paramref name="from"/> is a memory id or path,
    /// the diff runs from the version before the current one to the current content. A change the diff of
    /// the content cannot show (a rename) is said in the result's <see cref="DiffResult.Note"/>.
    /// </summary>
    public static async Task<DiffResult> CreateAsync(IMemoryStoreClient client, string storeId, string from, string? to, CancellationToken cancellationToken = default)
    {
        if (!IdPrefix.Matches(from, IdPrefix.MemoryVersion))
        {
            if (to is not null)
            {
                throw new InvalidRequestException("from", "pass two version ids, or one memory (path or id) to see its last change");
            }

            var memory = await MemoryResolver.ResolveAsync(client, storeId, from, MemoryView.Full, cancellationToken).ConfigureAwait(false);
            var history = await client.ListVersionsAsync(storeId, new VersionListQuery(MemoryId: memory.Id, Limit: 2, View: MemoryView.Full), cancellationToken).ConfigureAwait(false);
            var previous = history.Data.Count > 1 ? history.Data[1] : null;
            var diff = Make(previous?.Content ?? "", memory.Content ?? "", Label(previous), $"b{memory.Path} ({memory.MemoryVersionId}, current)");
            var renamed = diff.Length == 0 && previous?.Path is { } before && before != memory.Path
                ? $"renamed from {before} to {memory.Path} in {memory.MemoryVersionId}, content unchanged"
                : null;
            return new DiffResult(previous?.Id, memory.MemoryVersionId, diff, renamed);
        }

        var older = await client.GetVersionAsync(storeId, from, MemoryView.Full, cancellationToken).ConfigureAwait(false);
        if (to is null)
        {
            var current = await client.GetMemoryAsync(storeId, older.MemoryId, MemoryView.Full, cancellationToken).ConfigureAwait(false);
            var diff = Make(Text(older), current.Content ?? "", Label(older), $"b{current.Path} ({current.MemoryVersionId}, current)");
            return new DiffResult(older.Id, current.MemoryVersionId, diff, Moved(diff, older.Path, older.Id, current.Path, current.MemoryVersionId));
        }

        var newer = await client.GetVersionAsync(storeId, to, MemoryView.Full, cancellationToken).ConfigureAwait(false);
        var between = Make(Text(older), Text(newer), Label(older), Label(newer, "b"));
        return new DiffResult(older.Id, newer.Id, between, Moved(between, older.Path, older.Id, newer.Path, newer.Id));
    }

    /// <summary>When the content is the same and only the path differs, says so; an empty diff alone would read as "nothing changed".</summary>
    private static string? Moved(string diff, string? fromPath, string fromId, string? toPath, string toId) =>
        diff.Length == 0 && fromPath is not null && toPath is not null && fromPath != toPath
            ? $"content unchanged; the path changed from {fromPath} ({fromId}) to {toPath} ({toId})"
            : null;

    private static string Text(MemoryVersion version) =>
        version.IsRedacted ? throw new InvalidStateException($"memory_version {version.Id} was redacted; its content is gone") : version.Content ?? "";

    private static string Label(MemoryVersion? version, string side = "a") =>
        version is null ? "/dev/null" : $"{side}{version.Path ?? "/(redacted)"} ({version.Id})";

    private static string Make(string before, string after, string beforeLabel, string afterLabel) =>
        UnifiedDiff.Create(before, after, beforeLabel, afterLabel);
}

/// <summary>
/// A diff between two states of one memory; <see cref="FromVersionId"/> is null when diffing from nothing.
/// <see cref="Note"/> says what changed when the content did not (a rename), else it is null.
/// </summary>
internal sealed record DiffResult(string? FromVersionId, string ToVersionId, string Diff, string? Note = null);
