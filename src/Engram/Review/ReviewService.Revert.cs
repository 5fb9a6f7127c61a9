using Engram.Access;
using Engram.Access.Policies;
using Engram.Errors;
using Engram.Identity;
using Engram.Memories;
using Engram.Storage;

namespace Engram.Review;

internal sealed partial class ReviewService
{
    /// <summary>The audit action a dream revert records in each store it touched; later dreams read it to weigh the dream's proposals as turned down.</summary>
    internal const string DreamRevertAction = "dream.revert";

    /// <summary>
    /// Reverts every version that applied a proposal of the dream, newest first, in the stores where the caller
    /// may review the memory: a created memory is deleted, a changed one gets its earlier content (and path) back,
    /// a deleted one (such as a merge's retired duplicate) is restored. Each needs the memory to be exactly as the
    /// version left it, so later edits by people are never overwritten: those versions are skipped with a reason.
    /// Only the dream's input store is reverted: a <c>create_new</c> copy is the dream's own output, left as it was made.
    /// Not found when the caller can read no proposal or version of the dream.
    /// </summary>
    public async Task<DreamRevert> RevertDreamAsync(Caller caller, string dreamId, CancellationToken cancellationToken)
    {
        if (!IdPrefix.Matches(dreamId, IdPrefix.Dream))
        {
            throw new NotFoundException("dream", dreamId);
        }

        var rules = await policies.CurrentAsync(cancellationToken).ConfigureAwait(false);
        bool CanRead(string storeId, string? path) => (rules.Evaluate(caller, storeId, path ?? "/") & Capability.Read) != 0;
        var inputStoreId = (await dreamStorage.GetDreamAsync(dreamId, cancellationToken).ConfigureAwait(false))?.StoreId;
        var versions = (await memoryStorage.ListDreamVersionsAsync(dreamId, cancellationToken).ConfigureAwait(false))
            .Where(v => (inputStoreId is null || v.MemoryStoreId == inputStoreId) && CanRead(v.MemoryStoreId, v.Path))
            .ToList();
        if (versions.Count == 0)
        {
            var proposals = await storage.ListDreamProposalsAsync(dreamId, cancellationToken).ConfigureAwait(false);
            return proposals.Any(p => Readable(rules, caller, p))
                ? new DreamRevert(dreamId, [], [])
                : throw new NotFoundException("dream", dreamId);
        }

        var steps = new List<DreamRevertStep>(versions.Count);
        foreach (var version in versions)
        {
            var earlier = await memoryStorage.ListVersionsAsync(
                version.MemoryStoreId, new VersionFilter(MemoryId: version.MemoryId), new TimeIdCursor(version.CreatedAt, version.Id), 1, withContent: false, cancellationToken).ConfigureAwait(false);
            steps.Add(new DreamRevertStep(version, earlier.Count == 0 ? null : earlier[0]));
        }

        return await _applier.RevertDreamAsync(caller, rules, dreamId, steps, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>What reverting a dream did.</summary>
/// <param name="DreamId">The dream.</param>
/// <param name="Reverted">The versions undone, newest first.</param>
/// <param name="Skipped">The versions left alone, with why (most often: the memory changed since).</param>
public sealed record DreamRevert(string DreamId, IReadOnlyList<RevertedVersion> Reverted, IReadOnlyList<SkippedVersion> Skipped);

/// <summary>A version a dream revert undid.</summary>
/// <param name="VersionId">The dream's version.</param>
/// <param name="StoreId">Its store.</param>
/// <param name="MemoryId">Its memory.</param>
/// <param name="Path">The memory's path after the revert (or where it was, when the revert deleted it).</param>
/// <param name="RevertVersionId">The version the revert wrote.</param>
public sealed record RevertedVersion(string VersionId, string StoreId, string MemoryId, string Path, string RevertVersionId);

/// <summary>A version a dream revert left alone.</summary>
/// <param name="VersionId">The dream's version.</param>
/// <param name="StoreId">Its store.</param>
/// <param name="MemoryId">Its memory.</param>
/// <param name="Path">The path the version recorded (null when redacted).</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record SkippedVersion(string VersionId, string StoreId, string MemoryId, string? Path, string Reason);

/// <summary>One version to revert and the version of the same memory just before it (null when it has none).</summary>
internal sealed record DreamRevertStep(MemoryVersion Version, MemoryVersion? Earlier);
