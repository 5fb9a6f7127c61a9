using Engram.Review;
using Engram.Storage;

namespace Engram.Dreaming.Dreams;

internal sealed partial class DreamRunner
{
    /// <summary>Earlier dreams' applied proposals whose effect a dream reports: the most recent ones, enough for a reviewer to read.</summary>
    internal const int MaxTrackedEffects = 100;

    /// <summary>Proposals read per page while looking for them.</summary>
    private const int ProposalsPerPage = 100;

    /// <summary>
    /// The input store's applied proposals from earlier dreams whose pattern a tally can see again (rule-based
    /// signatures; a model finding's cluster key is not stable across dreams), newest first.
    /// </summary>
    private async Task<IReadOnlyList<Proposal>> AppliedEarlierAsync(Dream dream, CancellationToken cancellationToken)
    {
        var found = new List<Proposal>();
        TimeIdCursor? after = null;
        while (found.Count < MaxTrackedEffects)
        {
            var page = await _storage.ListProposalsAsync(dream.StoreId, ProposalStatus.Applied, dreamId: null, after, ProposalsPerPage, cancellationToken).ConfigureAwait(false);
            found.AddRange(page.Where(p => p.DreamId is not null && p.DreamId != dream.Id && p.Origin is not null && p.DecidedAt is not null
                && !p.Origin.Signature.StartsWith("model|", StringComparison.Ordinal)));
            if (page.Count < ProposalsPerPage)
            {
                break;
            }

            after = new TimeIdCursor(page[^1].CreatedAt, page[^1].Id);
        }

        return [.. found.Take(MaxTrackedEffects)];
    }

    /// <summary>Counts, per tracked proposal, the sessions that started after it was applied and those that still show its pattern.</summary>
    private sealed class EffectTally(IReadOnlyList<Proposal> applied)
    {
        private readonly int[] _after = new int[applied.Count];
        private readonly int[] _seen = new int[applied.Count];

        public void Add(SessionAnalysisRecord analysis)
        {
            if (applied.Count == 0 || (analysis.StartedAt ?? analysis.RecordedAt) is not { } started)
            {
                return;
            }

            HashSet<string>? signatures = null;
            for (var i = 0; i < applied.Count; i++)
            {
                if (started > applied[i].DecidedAt)
                {
                    _after[i]++;
                    signatures ??= analysis.Signals.Select(s => s.Signature).ToHashSet(StringComparer.Ordinal);
                    if (signatures.Contains(applied[i].Origin!.Signature))
                    {
                        _seen[i]++;
                    }
                }
            }
        }

        public IReadOnlyList<DreamEffect> Effects() =>
        [
            .. applied.Select((p, i) => new DreamEffect(
                p.Id, p.DreamId!, p.Origin!.Signature, p.Origin.Title, p.DecidedAt!.Value,
                p.Origin.Statistics.Sessions, p.Origin.Statistics.SessionsRead, _after[i], _seen[i])),
        ];
    }
}
