using Engram.Dreaming.Analysis;
using Engram.Review;

namespace Engram.Dreaming.Synthesis;

/// <summary>A memory whose front matter <c>expires</c> is at or before the dream's clock is drafted for deletion (the search index marks it stale by the same rule).</summary>
internal static class StaleMemories
{
    public static IEnumerable<DraftProposal> Drafts(StoreView store, int sessionsRead) =>
        store.Stale.Select(stale => new DraftProposal(
            ProposalOperation.Delete, stale.File.Path, stale.File.MemoryId, stale.File.ContentSha256, null, null,
            $"Its front matter says it expired on {stale.Expires:yyyy-MM-dd}; delete it, or renew its expires date if it still holds.",
            new DreamOrigin(DraftKinds.Stale, $"{DraftKinds.Stale}|{stale.File.Path}", $"Delete expired {stale.File.Path}",
                new ProposalStatistics(0, sessionsRead, [], null, null, 0), [], false, [])));
}
