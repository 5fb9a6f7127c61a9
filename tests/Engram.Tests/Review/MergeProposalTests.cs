using Engram.Errors;
using Engram.Memories;
using Engram.Review;

namespace Engram.Tests.Review;

public sealed class MergeProposalTests : IAsyncLifetime
{
    private ReviewWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReviewWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Accepting_a_merge_gives_the_keeper_the_merged_content_and_deletes_every_duplicate_in_one_write()
    {
        var keeper = await _world.WriteAsync("/notes/testing.md", "run tests with make test\n");
        var duplicate = await _world.WriteAsync("/notes/tests.md", "use python -m pytest\n");
        var another = await _world.WriteAsync("/scratch/pytest.md", "pytest is not on PATH\n");
        var proposal = await _world.FileAsync(ProposalOperation.Merge, keeper, keeper.Path, "run tests with make test\nuse python -m pytest\n",
            retires: [new RetiredMemory(duplicate.Id, duplicate.Path, duplicate.ContentSha256), new RetiredMemory(another.Id, another.Path, another.ContentSha256)]);

        var decided = await _world.Admin.AcceptProposalAsync(_world.StoreId, proposal.Id);

        Assert.Equal(ProposalStatus.Applied, decided.Status);
        Assert.Equal("run tests with make test\nuse python -m pytest\n", await _world.ContentAsync(keeper.Path));
        await Assert.ThrowsAsync<NotFoundException>(() => _world.Admin.GetMemoryAsync(_world.StoreId, duplicate.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => _world.Admin.GetMemoryAsync(_world.StoreId, another.Id));
        var versions = (await _world.Admin.ListVersionsAsync(_world.StoreId, new VersionListQuery())).Data.Where(v => v.ProposalId == proposal.Id).ToList();
        Assert.Equal(3, versions.Count);
        Assert.Single(versions, v => v.Operation == VersionOperation.Modified && v.MemoryId == keeper.Id && v.Id == decided.AppliedVersionId);
        Assert.Equal(new[] { another.Id, duplicate.Id }.Order(StringComparer.Ordinal), versions.Where(v => v.Operation == VersionOperation.Deleted).Select(v => v.MemoryId).Order(StringComparer.Ordinal));
        Assert.All(versions, v => Assert.Equal(ReviewWorld.DreamId, v.DreamId));
    }

    [Fact]
    public async Task A_merge_whose_retired_duplicate_changed_since_conflicts_and_writes_nothing()
    {
        var keeper = await _world.WriteAsync("/notes/testing.md", "run tests with make test\n");
        var duplicate = await _world.WriteAsync("/notes/tests.md", "use python -m pytest\n");
        var proposal = await _world.FileAsync(ProposalOperation.Merge, keeper, keeper.Path, "merged\n",
            retires: [new RetiredMemory(duplicate.Id, duplicate.Path, duplicate.ContentSha256)]);
        var edited = await _world.EditAsync(duplicate, "use python -m pytest -x\n");

        var decided = await _world.Admin.AcceptProposalAsync(_world.StoreId, proposal.Id);

        Assert.Equal(ProposalStatus.Conflicted, decided.Status);
        Assert.Contains("/notes/tests.md", decided.DecisionNote, StringComparison.Ordinal);
        Assert.Null(decided.AppliedVersionId);
        Assert.Equal(keeper.ContentSha256, (await _world.Admin.GetMemoryAsync(_world.StoreId, keeper.Id)).ContentSha256);
        Assert.Equal(edited.ContentSha256, (await _world.Admin.GetMemoryAsync(_world.StoreId, duplicate.Id)).ContentSha256);
        Assert.DoesNotContain((await _world.Admin.ListVersionsAsync(_world.StoreId, new VersionListQuery())).Data, v => v.ProposalId == proposal.Id);
    }

    [Fact]
    public async Task A_merge_whose_retired_duplicate_is_gone_conflicts_and_keeps_the_keeper()
    {
        var keeper = await _world.WriteAsync("/notes/testing.md", "run tests with make test\n");
        var duplicate = await _world.WriteAsync("/notes/tests.md", "use python -m pytest\n");
        var proposal = await _world.FileAsync(ProposalOperation.Merge, keeper, keeper.Path, "merged\n",
            retires: [new RetiredMemory(duplicate.Id, duplicate.Path, duplicate.ContentSha256)]);
        await _world.Admin.DeleteMemoryAsync(_world.StoreId, duplicate.Id, new DeleteMemoryRequest());

        var decided = await _world.Admin.AcceptProposalAsync(_world.StoreId, proposal.Id);

        Assert.Equal(ProposalStatus.Conflicted, decided.Status);
        Assert.Contains("deleted", decided.DecisionNote, StringComparison.Ordinal);
        Assert.Equal(keeper.ContentSha256, (await _world.Admin.GetMemoryAsync(_world.StoreId, keeper.Id)).ContentSha256);
    }

    [Fact]
    public async Task A_reviewer_without_review_on_a_retired_path_cannot_accept_the_merge_and_nothing_changes()
    {
        var keeper = await _world.WriteAsync("/team/testing.md", "run tests with make test\n");
        var duplicate = await _world.WriteAsync("/org/tests.md", "use python -m pytest\n");
        var proposal = await _world.FileAsync(ProposalOperation.Merge, keeper, keeper.Path, "merged\n",
            retires: [new RetiredMemory(duplicate.Id, duplicate.Path, duplicate.ContentSha256)]);
        var reviewer = await _world.MemberAsync("rita", ("/**", ["read", "list"]), ("/team/**", ["review"]));

        var review = await reviewer.GetProposalAsync(_world.StoreId, proposal.Id);
        var refused = await Assert.ThrowsAsync<PermissionDeniedException>(() => reviewer.AcceptProposalAsync(_world.StoreId, proposal.Id));

        Assert.Contains("/org/tests.md", review.Diff, StringComparison.Ordinal);
        Assert.Contains("/org/tests.md", refused.Message, StringComparison.Ordinal);
        Assert.Equal(ProposalStatus.Pending, (await _world.Admin.GetProposalAsync(_world.StoreId, proposal.Id)).Proposal.Status);
        Assert.Equal(duplicate.ContentSha256, (await _world.Admin.GetMemoryAsync(_world.StoreId, duplicate.Id)).ContentSha256);
        Assert.Equal(keeper.ContentSha256, (await _world.Admin.GetMemoryAsync(_world.StoreId, keeper.Id)).ContentSha256);
    }

    [Fact]
    public async Task A_merge_retiring_a_path_the_caller_may_not_read_is_hidden_from_it()
    {
        var keeper = await _world.WriteAsync("/team/testing.md", "run tests with make test\n");
        var duplicate = await _world.WriteAsync("/secret/tests.md", "use python -m pytest\n");
        var proposal = await _world.FileAsync(ProposalOperation.Merge, keeper, keeper.Path, "merged\n",
            retires: [new RetiredMemory(duplicate.Id, duplicate.Path, duplicate.ContentSha256)]);
        var reviewer = await _world.MemberAsync("tom", ("/team/**", ["read", "list", "review"]));

        await Assert.ThrowsAsync<NotFoundException>(() => reviewer.GetProposalAsync(_world.StoreId, proposal.Id));
        Assert.Empty((await reviewer.ListProposalsAsync(_world.StoreId, new ProposalListQuery())).Data);
        await Assert.ThrowsAsync<NotFoundException>(() => reviewer.AcceptProposalAsync(_world.StoreId, proposal.Id));
        Assert.Equal(duplicate.ContentSha256, (await _world.Admin.GetMemoryAsync(_world.StoreId, duplicate.Id)).ContentSha256);
    }
}
