using Engram.Dreaming.Analysis;
using Engram.Dreaming.Findings;
using Engram.Dreaming.Synthesis;
using Engram.Review;
using static Engram.Tests.Dreaming.Synthesis.SynthesisFleet;

namespace Engram.Tests.Dreaming.Synthesis;

public sealed class PriorProposalsTests
{
    private const string Pytest = "tool_failure|missing_command|pytest";

    private static SynthesisFleet PytestFleet(int failing, int total)
    {
        var fleet = new SynthesisFleet();
        for (var number = 1; number <= failing; number++)
        {
            var n = number;
            fleet.Session(n, $"agent{n % 3}", e => e.PytestFails(n));
        }

        return fleet.Quiet(1, total);
    }

    private static SynthesisResult Dream(SynthesisFleet fleet, params PriorProposal[] prior) =>
        new DreamSynthesizer().Synthesize(Input(fleet.Tally()) with { Prior = prior });

    [Theory]
    [InlineData(ProposalStatus.Pending, PatternReasons.AlreadyProposed)]
    [InlineData(ProposalStatus.Applied, PatternReasons.AlreadyProposed)]
    [InlineData(ProposalStatus.Accepted, PatternReasons.AlreadyProposed)]
    [InlineData(ProposalStatus.Rejected, PatternReasons.Rejected)]
    public void A_pattern_pending_applied_or_rejected_in_the_store_is_not_proposed_again(ProposalStatus status, string reason)
    {
        var result = Dream(PytestFleet(7, 20), new PriorProposal("prop_01", Pytest, status, 7, 20, Now.AddDays(-3)));

        Assert.Empty(result.Drafts);
        var considered = Assert.Single(result.Considered, p => p.Signature == Pytest);
        Assert.Equal((PatternReasons.DecisionDropped, reason), (considered.Decision, considered.Reason));
        Assert.Contains("prop_01", considered.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_conflicted_proposal_does_not_hold_its_pattern_back()
    {
        Assert.Single(Dream(PytestFleet(7, 20), new PriorProposal("prop_01", Pytest, ProposalStatus.Conflicted, 7, 20, null)).Drafts);
    }

    [Fact]
    public void A_rejected_pattern_that_has_grown_markedly_is_proposed_again_and_says_so()
    {
        var draft = Assert.Single(Dream(PytestFleet(9, 20), new PriorProposal("prop_01", Pytest, ProposalStatus.Rejected, 3, 40, new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero))).Drafts);

        Assert.EndsWith("A person rejected this on 2026-11-02 (prop_01) when it was seen in 3 of 40 sessions; it has grown to 9 of 20.", draft.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejected_pattern_that_has_not_doubled_stays_rejected()
    {
        var result = Dream(PytestFleet(7, 20), new PriorProposal("prop_01", Pytest, ProposalStatus.Rejected, 5, 20, null));

        Assert.Empty(result.Drafts);
        Assert.Equal("prop_01 was rejected at 5 of 20 sessions; now 7 of 20, not markedly more", Assert.Single(result.Considered, p => p.Signature == Pytest).Detail);
    }

    [Fact]
    public void An_applied_pattern_whose_dream_was_reverted_stays_turned_down_until_it_grows_markedly()
    {
        var reverted = new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero);
        var applied = new PriorProposal("prop_01", Pytest, ProposalStatus.Applied, 5, 20, new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero)) { DreamRevertedAt = reverted };

        var same = Dream(PytestFleet(7, 20), applied);
        var grown = Assert.Single(Dream(PytestFleet(9, 20), applied with { Sessions = 3, SessionsRead = 40 }).Drafts);

        Assert.Empty(same.Drafts);
        var considered = Assert.Single(same.Considered, p => p.Signature == Pytest);
        Assert.Equal(
            (PatternReasons.DecisionDropped, PatternReasons.Rejected, "prop_01 was applied on 2026-11-02 and its dream reverted on 2026-11-03 at 5 of 20 sessions; now 7 of 20, not markedly more"),
            (considered.Decision, considered.Reason, considered.Detail));
        Assert.EndsWith("A person reverted the dream that made this (prop_01) on 2026-11-03 when it was seen in 3 of 40 sessions; it has grown to 9 of 20.", grown.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void The_latest_proposal_of_a_signature_decides()
    {
        Assert.Single(Dream(PytestFleet(7, 20),
            new PriorProposal("prop_01", Pytest, ProposalStatus.Pending, 7, 20, null),
            new PriorProposal("prop_02", Pytest, ProposalStatus.Conflicted, 7, 20, null)).Drafts);
    }
}
