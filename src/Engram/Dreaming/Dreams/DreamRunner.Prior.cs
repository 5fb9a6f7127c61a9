using Engram.Dreaming.Analysis;
using Engram.Review;
using Engram.Storage;

namespace Engram.Dreaming.Dreams;

public sealed partial class DreamRunner
{
    /// <summary>Earlier dreams' proposals a dream weighs, newest first: enough for any store a person reviews by hand.</summary>
    internal const int MaxPriorProposals = 10_000;

    /// <summary>The input store's proposals from earlier dreams, with the signature and prevalence they were made with: a pattern already pending, applied or rejected there is not proposed again.</summary>
    private async Task<IReadOnlyList<PriorProposal>> PriorAsync(Dream dream, CancellationToken cancellationToken)
    {
        var prior = new List<PriorProposal>();
        TimeIdCursor? after = null;
        while (prior.Count < MaxPriorProposals)
        {
            var page = await _storage.ListProposalsAsync(dream.StoreId, status: null, dreamId: null, after, ProposalsPerPage, cancellationToken).ConfigureAwait(false);
            prior.AddRange(page
                .Where(p => p.DreamId is not null && p.DreamId != dream.Id && p.Origin is not null)
                .Select(p => new PriorProposal(p.Id, p.Origin!.Signature, p.Status, p.Origin.Statistics.Sessions, p.Origin.Statistics.SessionsRead, p.DecidedAt)));
            if (page.Count < ProposalsPerPage)
            {
                break;
            }

            after = new TimeIdCursor(page[^1].CreatedAt, page[^1].Id);
        }

        return prior;
    }
}
