using Engram.Dreaming.Analysis;
using Engram.Dreaming.Findings;
using Engram.Review;

namespace Engram.Dreaming.Synthesis;

/// <summary>
/// The across-dreams rule: a pattern with a proposal pending, accepted or applied in the store is not proposed again;
/// a rejected one, or an applied one whose dream a person reverted, stays turned down unless its share of sessions has at least doubled (<see cref="GrowthFactor"/>) by at
/// least <see cref="PatternThresholds.MinSessions"/> more sessions, and then its rationale says so. A conflicted
/// proposal (its base moved) does not block: the pattern is proposed again against the current memory. The latest
/// proposal of a signature decides.
/// </summary>
internal sealed class PriorProposals
{
    /// <summary>How much a rejected pattern's share must grow to be proposed again: doubled is a different situation from the one a person judged.</summary>
    public const double GrowthFactor = 2.0;

    private readonly Dictionary<string, PriorProposal> _latest;
    private readonly int _minSessions;

    public PriorProposals(IEnumerable<PriorProposal> prior, int minSessions)
    {
        _latest = prior
            .GroupBy(p => p.Signature, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.ProposalId, StringComparer.Ordinal).First(), StringComparer.Ordinal);
        _minSessions = minSessions;
    }

    /// <summary>Why an earlier proposal blocks this pattern (a <see cref="PatternReasons"/> value and a sentence), or null; <paramref name="note"/> is set when a rejected pattern comes back.</summary>
    public (string Reason, string Detail)? Blocks(string signature, ProposalStatistics now, out string? note)
    {
        note = null;
        if (!_latest.TryGetValue(signature, out var earlier))
        {
            return null;
        }

        switch (earlier.Status)
        {
            case ProposalStatus.Pending:
                return (PatternReasons.AlreadyProposed, $"{earlier.ProposalId} proposes it and is still pending");
            case ProposalStatus.Accepted or ProposalStatus.Applied when earlier.DreamRevertedAt is { } reverted:
                // Undoing the dream took the change back: a person's judgment against it, weighed as a rejection.
                var undone = $"was applied{On(earlier)} and its dream reverted on {reverted:yyyy-MM-dd}";
                return Grown(earlier, now)
                    ? Returns(ref note, $"A person reverted the dream that made this ({earlier.ProposalId}) on {reverted:yyyy-MM-dd}", earlier, now)
                    : (PatternReasons.Rejected, $"{earlier.ProposalId} {undone} at {Then(earlier)}; now {now.Sessions} of {now.SessionsRead}, not markedly more");
            case ProposalStatus.Accepted or ProposalStatus.Applied:
                return (PatternReasons.AlreadyProposed, $"{earlier.ProposalId} proposed it and was applied{On(earlier)}");
            case ProposalStatus.Rejected:
                return Grown(earlier, now)
                    ? Returns(ref note, $"A person rejected this{On(earlier)} ({earlier.ProposalId})", earlier, now)
                    : (PatternReasons.Rejected, $"{earlier.ProposalId} was rejected{On(earlier)} at {Then(earlier)}; now {now.Sessions} of {now.SessionsRead}, not markedly more");
            default:
                return null;
        }
    }

    /// <summary>Whether a pattern a person turned down has grown markedly since: its share at least doubled, by at least the minimum sessions more.</summary>
    private bool Grown(PriorProposal earlier, ProposalStatistics now)
    {
        var before = earlier.SessionsRead == 0 ? 0 : (double)earlier.Sessions / earlier.SessionsRead;
        var share = now.SessionsRead == 0 ? 0 : (double)now.Sessions / now.SessionsRead;
        return share >= before * GrowthFactor && now.Sessions >= earlier.Sessions + _minSessions;
    }

    /// <summary>Lets a grown pattern through, with the note its rationale ends with.</summary>
    private static (string Reason, string Detail)? Returns(ref string? note, string judged, PriorProposal earlier, ProposalStatistics now)
    {
        note = $"{judged} when it was seen in {Then(earlier)}; it has grown to {now.Sessions} of {now.SessionsRead}.";
        return null;
    }

    private static string Then(PriorProposal proposal) => $"{proposal.Sessions} of {proposal.SessionsRead} sessions";

    private static string On(PriorProposal proposal) => proposal.DecidedAt is { } at ? $" on {at:yyyy-MM-dd}" : "";
}
