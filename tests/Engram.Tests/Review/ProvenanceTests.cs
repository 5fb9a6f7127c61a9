using Engram.Memories;
using Engram.Review;

namespace Engram.Tests.Review;

public sealed class ProvenanceTests : IAsyncLifetime
{
    private ReviewWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReviewWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task The_applied_version_records_the_dream_and_the_distinct_evidence_sessions()
    {
        var proposal = await _world.FileAsync(ProposalOperation.Create, null, "/tools.md", "- pytest is not on PATH\n");

        var decided = await _world.Admin.AcceptProposalAsync(_world.StoreId, proposal.Id);
        var version = await _world.Admin.GetVersionAsync(_world.StoreId, decided.AppliedVersionId!);

        Assert.Equal(ReviewWorld.DreamId, version.DreamId);
        Assert.Equal(["sesn_one", "sesn_two"], version.EvidenceSessionIds);
        Assert.Equal(proposal.Id, version.ProposalId);
    }

    [Fact]
    public async Task A_shown_proposal_carries_its_dream_and_origin()
    {
        var proposal = await _world.FileAsync(ProposalOperation.Create, null, "/tools.md", "- pytest is not on PATH\n");

        var review = await _world.Admin.GetProposalAsync(_world.StoreId, proposal.Id);

        Assert.Equal(ReviewWorld.DreamId, review.Proposal.DreamId);
        var origin = review.Proposal.Origin!;
        var expected = ReviewWorld.Origin();
        Assert.Equal((expected.Kind, expected.Signature, expected.Title, expected.Untrusted), (origin.Kind, origin.Signature, origin.Title, origin.Untrusted));
        Assert.Equal(expected.Statistics with { Agents = [] }, origin.Statistics with { Agents = [] });
        Assert.Equal(expected.Statistics.Agents, origin.Statistics.Agents);
        Assert.Equal(expected.Evidence, origin.Evidence);
        Assert.False(review.BaseIsStale);
        Assert.Null(review.Merge);
    }

    [Fact]
    public async Task Proposals_can_be_listed_by_dream()
    {
        var memory = await _world.WriteAsync("/runbook.md", "Run tests with make test.\n");
        var mine = await _world.FileAsync(ProposalOperation.Modify, memory, memory.Path, "one\n");
        var alsoMine = await _world.FileAsync(ProposalOperation.Create, null, "/tools.md", "two\n");
        await _world.FileAsync(ProposalOperation.Create, null, "/other.md", "three\n", dreamId: "drm_01other00000000000000000");

        var page = await _world.Admin.ListProposalsAsync(_world.StoreId, new ProposalListQuery(DreamId: ReviewWorld.DreamId));
        var all = await _world.Admin.ListProposalsAsync(_world.StoreId, new ProposalListQuery());

        Assert.Equal(new[] { alsoMine.Id, mine.Id }, page.Data.Select(p => p.Id));
        Assert.Equal(3, all.Data.Count);
        await Assert.ThrowsAsync<Engram.Errors.InvalidRequestException>(() => _world.Admin.ListProposalsAsync(_world.StoreId, new ProposalListQuery(DreamId: "mem_x")));
    }
}
