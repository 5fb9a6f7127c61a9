using Engram.Errors;
using Engram.Memories;
using Engram.Review;

namespace Engram.Tests.Review;

/// <summary>A write the caller may only propose: a result (the proposal), not an error; and never in an archived store.</summary>
public sealed class ProposedWriteTests : IAsyncLifetime
{
    private ReviewWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReviewWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Each_write_a_proposer_makes_returns_its_pending_proposal_and_changes_nothing()
    {
        var memory = await _world.WriteAsync("/org/a.md", "one\n");
        var agent = await _world.MemberAsync("agent", ("/org/**", ["read", "list", "propose"]));

        var created = await agent.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/org/b.md", "two\n"));
        var updated = await agent.UpdateMemoryAsync(_world.StoreId, memory.Id, new UpdateMemoryRequest("changed\n"));
        var deleted = await agent.DeleteMemoryAsync(_world.StoreId, memory.Id, new DeleteMemoryRequest());

        Assert.Equal(ProposalOperation.Create, created.Proposal!.Operation);
        Assert.Equal(ProposalOperation.Modify, updated.Proposal!.Operation);
        Assert.Equal(ProposalOperation.Delete, deleted.Proposal!.Operation);
        Assert.All([created.Proposal, updated.Proposal, deleted.Proposal], p => Assert.Equal(ProposalStatus.Pending, p.Status));
        var error = Assert.Throws<InvalidOperationException>(() => updated.Value);
        Assert.Contains(updated.Proposal.Id, error.Message, StringComparison.Ordinal);
        Assert.Equal("one\n", await _world.ContentAsync("/org/a.md"));
        Assert.Equal(3, (await _world.Admin.ListProposalsAsync(_world.StoreId, new ProposalListQuery())).Data.Count);
    }

    [Fact]
    public async Task A_proposed_create_or_rename_onto_a_path_the_proposer_sees_taken_is_refused_as_a_writers_would_be()
    {
        var moving = await _world.WriteAsync("/org/a.md", "one\n");
        var taken = await _world.WriteAsync("/org/taken.md", "two\n");
        var hidden = await _world.WriteAsync("/secret/plan.md", "three\n");
        var agent = await _world.MemberAsync("agent", ("/org/**", ["read", "list", "propose"]), ("/secret/**", ["propose"]));

        var create = await Assert.ThrowsAsync<PathConflictException>(() => agent.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/org/taken.md", "x\n")));
        var rename = await Assert.ThrowsAsync<PathConflictException>(() => agent.UpdateMemoryAsync(_world.StoreId, moving.Id, new UpdateMemoryRequest(null, "/org/taken.md")));
        Assert.Equal((taken.Id, taken.Id), (create.ConflictingMemoryId, rename.ConflictingMemoryId));

        // Where the proposer may not read, it is filed without looking, so it learns nothing a reader could not.
        var blind = await agent.UpdateMemoryAsync(_world.StoreId, moving.Id, new UpdateMemoryRequest(null, "/secret/plan.md"));
        Assert.True(blind.IsProposed);
        Assert.Single((await _world.Admin.ListProposalsAsync(_world.StoreId, new ProposalListQuery())).Data);
        Assert.Equal("three\n", await _world.ContentAsync(hidden.Path));
    }

    [Fact]
    public async Task In_an_archived_store_no_proposal_is_filed_a_delete_included_while_a_writer_may_still_delete()
    {
        var kept = await _world.WriteAsync("/org/a.md", "one\n");
        var removed = await _world.WriteAsync("/org/b.md", "two\n");
        var agent = await _world.MemberAsync("agent", ("/org/**", ["read", "list", "propose"]));
        await _world.Admin.ArchiveStoreAsync(_world.StoreId);

        await Assert.ThrowsAsync<InvalidStateException>(() => agent.CreateMemoryAsync(_world.StoreId, new CreateMemoryRequest("/org/c.md", "three\n")));
        await Assert.ThrowsAsync<InvalidStateException>(() => agent.UpdateMemoryAsync(_world.StoreId, kept.Id, new UpdateMemoryRequest("changed\n")));
        await Assert.ThrowsAsync<InvalidStateException>(() => agent.DeleteMemoryAsync(_world.StoreId, kept.Id, new DeleteMemoryRequest()));
        Assert.Empty((await _world.Admin.ListProposalsAsync(_world.StoreId, new ProposalListQuery())).Data);

        Assert.False((await _world.Admin.DeleteMemoryAsync(_world.StoreId, removed.Id, new DeleteMemoryRequest())).IsProposed);
        await Assert.ThrowsAsync<NotFoundException>(() => _world.Admin.GetMemoryAsync(_world.StoreId, removed.Id));
    }
}
