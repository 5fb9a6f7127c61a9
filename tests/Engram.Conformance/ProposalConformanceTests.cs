using Engram.Access;
using Engram.Errors;
using Engram.Memories;
using Engram.Review;

namespace Engram.Conformance;

/// <summary>
/// The proposals port's contract: a caller that may only propose files a proposal instead of writing, reviewers
/// list, accept and reject it, and a proposal whose base moved on is never applied over the newer content.
/// Proposals come from an agent session, which by a store's default rules may write only its own notes and propose elsewhere.
/// </summary>
public abstract class ProposalConformanceTests : ConformanceSuite
{
    [Fact]
    public async Task A_propose_only_writer_files_a_pending_proposal_and_nothing_is_written()
    {
        var store = await NewStoreAsync();
        var agent = await AgentAsync(store.Id);

        var proposal = await ProposeAsync(agent.Client, store.Id, "/org/environment.md", "pytest is not on PATH\n");

        Assert.Equal((ProposalStatus.Pending, ProposalOperation.Create, "/org/environment.md", store.Id), (proposal.Status, proposal.Operation, proposal.Path, proposal.StoreId));
        Assert.Equal(agent.Actor, proposal.Author);
        await Refused<NotFoundException>(() => Client.GetMemoryByPathAsync(store.Id, "/org/environment.md"), ErrorType.NotFound);
        Assert.Empty((await Client.ListVersionsAsync(store.Id, new VersionListQuery())).Data);
        var listed = Assert.Single((await Client.ListProposalsAsync(store.Id, new ProposalListQuery())).Data);
        Assert.Equal(proposal.Id, listed.Id);
        var review = await Client.GetProposalAsync(store.Id, proposal.Id);
        Assert.Equal("pytest is not on PATH\n", review.Proposal.Content);
        Assert.Contains("+pytest is not on PATH", review.Diff, StringComparison.Ordinal);
        Assert.False(review.BaseIsStale);
    }

    [Fact]
    public async Task Accepting_a_proposed_edit_applies_it_as_a_new_version()
    {
        var store = await NewStoreAsync();
        var agent = await AgentAsync(store.Id);
        var memory = await WriteMemoryAsync(Client, store.Id, "/org/environment.md", "# Environment\n");
        var proposal = await ProposeAsync(agent.Client, store.Id, null, "# Environment\n- run python -m pytest\n", memory.Id);
        Assert.Equal((ProposalOperation.Modify, memory.ContentSha256, memory.Id), (proposal.Operation, proposal.BaseSha256, proposal.MemoryId));

        var accepted = await Client.AcceptProposalAsync(store.Id, proposal.Id, "right");

        Assert.Equal(ProposalStatus.Applied, accepted.Status);
        var current = await Client.GetMemoryAsync(store.Id, memory.Id);
        Assert.Equal("# Environment\n- run python -m pytest\n", current.Content);
        Assert.Equal(accepted.AppliedVersionId, current.MemoryVersionId);
        Assert.Equal(ProposalStatus.Applied, (await Client.GetProposalAsync(store.Id, proposal.Id)).Proposal.Status);
    }

    [Fact]
    public async Task A_rejected_proposal_changes_nothing_and_cannot_be_decided_again()
    {
        var store = await NewStoreAsync();
        var agent = await AgentAsync(store.Id);
        var memory = await WriteMemoryAsync(Client, store.Id, "/org/environment.md", "# Environment\n");
        var proposal = await ProposeAsync(agent.Client, store.Id, null, "# Environment\n- wrong\n", memory.Id);

        var rejected = await Client.RejectProposalAsync(store.Id, proposal.Id, "not true here");

        Assert.Equal((ProposalStatus.Rejected, "not true here"), (rejected.Status, rejected.DecisionNote));
        Assert.Equal(memory.MemoryVersionId, (await Client.GetMemoryAsync(store.Id, memory.Id)).MemoryVersionId);
        await Refused<InvalidStateException>(() => Client.AcceptProposalAsync(store.Id, proposal.Id), ErrorType.InvalidRequest);
        await Refused<InvalidStateException>(() => Client.RejectProposalAsync(store.Id, proposal.Id), ErrorType.InvalidRequest);
    }

    [Fact]
    public async Task A_stale_proposal_is_refused_and_the_newer_content_stays()
    {
        var store = await NewStoreAsync();
        var agent = await AgentAsync(store.Id);
        var memory = await WriteMemoryAsync(Client, store.Id, "/org/environment.md", "# Environment\n");
        var proposal = await ProposeAsync(agent.Client, store.Id, null, "# Environment\n- proposed\n", memory.Id);
        var edited = await WriteMemoryAsync(Client, store.Id, null, "# Environment\n- edited by hand\n", memory.Id);
        Assert.True((await Client.GetProposalAsync(store.Id, proposal.Id)).BaseIsStale);

        var decided = await Client.AcceptProposalAsync(store.Id, proposal.Id);

        Assert.Equal(ProposalStatus.Conflicted, decided.Status);
        Assert.Null(decided.AppliedVersionId);
        var current = await Client.GetMemoryAsync(store.Id, memory.Id);
        Assert.Equal((edited.MemoryVersionId, "# Environment\n- edited by hand\n"), (current.MemoryVersionId, current.Content));
    }

    [Fact]
    public async Task Proposals_list_newest_first_and_filter_by_status()
    {
        var store = await NewStoreAsync();
        var agent = await AgentAsync(store.Id);
        var first = await ProposeAsync(agent.Client, store.Id, "/org/a.md", "a\n");
        var second = await ProposeAsync(agent.Client, store.Id, "/org/b.md", "b\n");
        var third = await ProposeAsync(agent.Client, store.Id, "/org/c.md", "c\n");
        await Client.RejectProposalAsync(store.Id, second.Id);

        var all = await AllPagesAsync(page => Client.ListProposalsAsync(store.Id, new ProposalListQuery(Limit: 2, Page: page)));
        var pending = await AllPagesAsync(page => Client.ListProposalsAsync(store.Id, new ProposalListQuery(ProposalStatus.Pending, Page: page)));
        var rejected = await AllPagesAsync(page => Client.ListProposalsAsync(store.Id, new ProposalListQuery(ProposalStatus.Rejected, Page: page)));

        Assert.Equal([third.Id, second.Id, first.Id], all.Select(p => p.Id));
        Assert.Equal([third.Id, first.Id], pending.Select(p => p.Id));
        Assert.Equal([second.Id], rejected.Select(p => p.Id));
        Assert.Empty((await Client.ListProposalsAsync((await NewStoreAsync("other")).Id, new ProposalListQuery())).Data);
    }

    /// <summary>An agent session attached to the store: by the store's default rules it may write its own notes and only propose elsewhere.</summary>
    private async Task<Writer> AgentAsync(string storeId)
    {
        var writer = await Target.NewWriterAsync(ActorType.Session, storeId);
        Assert.NotNull(writer);
        return writer;
    }
}
