using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Review;
using Engram.Storage;

namespace Engram.Memories;

internal sealed partial class MemoryStoreService
{
    /// <summary>
    /// Undoes each step's version in one write, newest first, when the memory is still exactly as that version
    /// left it and the caller may review it; the rest are skipped with a reason. Revert versions are the caller's
    /// and carry no dream, so reverting again finds nothing left to undo.
    /// </summary>
    internal Task<DreamRevert> RevertDreamAsync(Caller caller, PolicySet rules, string dreamId, IReadOnlyList<DreamRevertStep> steps, CancellationToken cancellationToken) =>
        RunAsync<DreamRevert>(tx =>
        {
            var reverted = new List<RevertedVersion>();
            var skipped = new List<SkippedVersion>();
            var now = Now();
            var reason = $"revert of dream {dreamId}";
            foreach (var step in steps)
            {
                var version = step.Version;
                var outcome = RevertStep(tx, caller, rules, step, now, reason);
                if (outcome.Skip is { } why)
                {
                    skipped.Add(new SkippedVersion(version.Id, version.MemoryStoreId, version.MemoryId, version.Path, why));
                }
                else
                {
                    reverted.Add(new RevertedVersion(version.Id, version.MemoryStoreId, version.MemoryId, outcome.Written!.Path!, outcome.Written.Id));
                }
            }

            foreach (var store in reverted.Select(r => r.StoreId).Concat(skipped.Select(s => s.StoreId)).Distinct(StringComparer.Ordinal))
            {
                audit.Record(tx, caller, ReviewService.DreamRevertAction, store, dreamId,
                    $"{reverted.Count(r => r.StoreId == store)} versions reverted, {skipped.Count(s => s.StoreId == store)} skipped");
            }

            return new DreamRevert(dreamId, reverted, skipped);
        }, cancellationToken);

    private (MemoryVersion? Written, string? Skip) RevertStep(IStorageWriter tx, Caller caller, PolicySet rules, DreamRevertStep step, DateTimeOffset now, string reason)
    {
        var version = step.Version;
        var storeId = version.MemoryStoreId;
        string? Refused(string? path) =>
            path is not null && (rules.Evaluate(caller, storeId, path) & Capability.Review) == 0 ? $"you may not review {path} in store {storeId}" : null;

        if (version.IsRedacted)
        {
            return (null, "the version was redacted");
        }

        if (Refused(version.Path) is { } refused)
        {
            return (null, refused);
        }

        var store = tx.GetStore(storeId);
        if (store is null || store.IsArchived)
        {
            return (null, store is null ? "the store was deleted" : "the store is archived");
        }

        var live = tx.GetMemory(storeId, version.MemoryId);
        var earlier = step.Earlier;
        if (version.Operation == VersionOperation.Deleted)
        {
            return live is not null ? (null, "the memory exists again") : Restore(tx, caller, rules, version, earlier, now, reason);
        }

        if (live is null)
        {
            return (null, "the memory was deleted since");
        }

        if (live.ContentSha256 != version.ContentSha256 || live.Path != version.Path)
        {
            return (null, earlier is not null && live.ContentSha256 == earlier.ContentSha256 && live.Path == earlier.Path
                ? "already reverted"
                : $"the memory changed since (content_sha256 {live.ContentSha256[..12]}..., the dream left {version.ContentSha256![..12]}...)");
        }

        if (version.Operation == VersionOperation.Created)
        {
            tx.DeleteMemory(storeId, live.Id);
            var deleted = NewVersion(caller, live, VersionOperation.Deleted, now, reason);
            AppendVersion(tx, deleted);
            return (deleted, null);
        }

        if (earlier?.ContentSha256 is null || earlier.Path is null || tx.GetContent(earlier.ContentSha256) is not { } content)
        {
            return (null, "the content before this version is gone (redacted)");
        }

        if (Refused(earlier.Path) is { } refusedThere)
        {
            return (null, refusedThere);
        }

        if (earlier.Path != live.Path && PathTaken(tx, caller, rules, storeId, earlier.Path, live.Id) is { } taken)
        {
            return (null, taken);
        }

        var restored = live with { Path = earlier.Path, ContentSha256 = earlier.ContentSha256, ContentSizeBytes = System.Text.Encoding.UTF8.GetByteCount(content) };
        var modified = NewVersion(caller, restored, VersionOperation.Modified, now, reason);
        tx.UpdateMemory(restored with { MemoryVersionId = modified.Id, UpdatedAt = now });
        AppendVersion(tx, modified);
        return (modified, null);
    }

    /// <summary>Brings a memory the dream deleted back, with its id, at the path and content it had before.</summary>
    private (MemoryVersion? Written, string? Skip) Restore(
        IStorageWriter tx, Caller caller, PolicySet rules, MemoryVersion deletion, MemoryVersion? earlier, DateTimeOffset now, string reason)
    {
        if (earlier?.ContentSha256 is null || earlier.Path is null || tx.GetContent(earlier.ContentSha256) is not { } content)
        {
            return (null, "the content before the deletion is gone (redacted)");
        }

        if ((rules.Evaluate(caller, deletion.MemoryStoreId, earlier.Path) & Capability.Review) == 0)
        {
            return (null, $"you may not review {earlier.Path} in store {deletion.MemoryStoreId}");
        }

        if (PathTaken(tx, caller, rules, deletion.MemoryStoreId, earlier.Path, null) is { } taken)
        {
            return (null, taken);
        }

        var memory = new Memory(
            deletion.MemoryId, deletion.MemoryStoreId, earlier.Path, null, earlier.ContentSha256, System.Text.Encoding.UTF8.GetByteCount(content), "", now, now);
        var created = NewVersion(caller, memory, VersionOperation.Created, now, reason);
        tx.InsertMemory(memory with { MemoryVersionId = created.Id });
        AppendVersion(tx, created);
        return (created, null);
    }

    private static string? PathTaken(IStorageWriter tx, Caller caller, PolicySet rules, string storeId, string path, string? movingMemoryId)
    {
        try
        {
            EnsurePathIsFree(tx, caller, rules, storeId, MemoryPath.Parse(path), movingMemoryId);
            return null;
        }
        catch (PathConflictException conflict)
        {
            return $"its earlier path is taken now ({conflict.Message})";
        }
    }
}
