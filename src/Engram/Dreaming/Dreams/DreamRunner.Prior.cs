using Engram.Access.Audit;
using Engram.Dreaming.Analysis;
using Engram.Review;
using Engram.Storage;

namespace Engram.Dreaming.Dreams;

internal sealed partial class DreamRunner
{
    /// <summary>Earlier dreams' proposals a dream weighs, newest first: enough for any store a person reviews by hand.</summary>
    internal const int MaxPriorProposals = 10_000;

    /// <summary>The input store's proposals from earlier dreams, with the signature and prevalence they were made with: a pattern already pending, applied or rejected there is not proposed again.</summary>
    private async Task<IReadOnlyList<PriorProposal>> PriorAsync(Dream dream, CancellationToken cancellationToken)
    {
        var reverted = await RevertedDreamsAsync(dream.StoreId, cancellationToken).ConfigureAwait(false);
        var prior = new List<PriorProposal>();
        TimeIdCursor? after = null;
        while (prior.Count < MaxPriorProposals)
        {
            var page = await _storage.ListProposalsAsync(dream.StoreId, status: null, dreamId: null, after, ProposalsPerPage, cancellationToken).ConfigureAwait(false);
            prior.AddRange(page
                .Where(p => p.DreamId is not null && p.DreamId != dream.Id && p.Origin is not null)
                .Select(p => new PriorProposal(p.Id, p.Origin!.Signature, p.Status, p.Origin.Statistics.Sessions, p.Origin.Statistics.SessionsRead, p.DecidedAt)
                {
                    DreamRevertedAt = reverted.TryGetValue(p.DreamId!, out var at) ? at : null,
                }));
            if (page.Count < ProposalsPerPage)
            {
                break;
            }

            after = new TimeIdCursor(page[^1].CreatedAt, page[^1].Id);
        }

        return prior;
    }

    /// <summary>The dreams a person reverted in the store (<c>engram dreams revert</c>), each with when it was last reverted, from the audit log.</summary>
    private async Task<Dictionary<string, DateTimeOffset>> RevertedDreamsAsync(string storeId, CancellationToken cancellationToken)
    {
        var reverted = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var filter = new AuditQuery(StoreId: storeId, Action: ReviewService.DreamRevertAction, Outcome: AuditOutcome.Ok) { IncludeConcealed = false };
        TimeIdCursor? after = null;
        while (reverted.Count < MaxPriorProposals)
        {
            var page = await _storage.ListAuditEventsAsync(filter, after, ProposalsPerPage, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page.Where(e => e.Target is not null))
            {
                reverted.TryAdd(entry.Target!, entry.At); // newest first: the first seen is the latest
            }

            if (page.Count < ProposalsPerPage)
            {
                break;
            }

            after = new TimeIdCursor(page[^1].At, page[^1].Id);
        }

        return reverted;
    }
}
