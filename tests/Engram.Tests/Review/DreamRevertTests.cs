using Engram.Errors;
using Engram.Memories;
using Engram.Review;

namespace Engram.Tests.Review;

public sealed class DreamRevertTests : IAsyncLifetime
{
    private ReviewWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReviewWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Reverting_a_dream_undoes_its_applied_proposals_and_skips_a_memory_a_person_edited_since()
    {
        var runbook = await _world.WriteAsync("/runbook.md", "Run tests with make test.\n");
        var handbook = await _world.WriteAsync("/handbook.md", "Be kind.\n");
        var modify = await _world.FileAsync(ProposalOperation.Modify, runbook, runbook.Path, "Run tests with python -m pytest.\n");
        var create = await _world.FileAsync(ProposalOperation.Create, null, "/tools.md", "- pytest is not on PATH\n");
        var later = await _world.FileAsync(ProposalOperation.Modify, handbook, handbook.Path, "Be kind.\nAsk before deploying.\n");
        var pending = await _world.FileAsync(ProposalOperation.Modify, runbook, runbook.Path, "never accepted\n");
        var other = await _world.FileAsync(ProposalOperation.Modify, handbook, handbook.Path, "another dream\n", dreamId: "drm_01other00000000000000000");
        foreach (var proposal in new[] { modify, create, later })
        {
            Assert.Equal(ProposalStatus.Applied, (await _world.Admin.AcceptProposalAsync(_world.StoreId, proposal.Id)).Status);
        }

        var handbookNow = await _world.Admin.GetMemoryByPathAsync(_world.StoreId, handbook.Path);
        var byPerson = await _world.EditAsync(handbookNow, "Be kind.\nAsk before deploying, in #ops.\n");

        var revert = await _world.Admin.RevertDreamAsync(ReviewWorld.DreamId);

        Assert.Equal(ReviewWorld.DreamId, revert.DreamId);
        Assert.Equal(2, revert.Reverted.Count);
        Assert.Equal("Run tests with make test.\n", await _world.ContentAsync(runbook.Path));
        await Assert.ThrowsAsync<NotFoundException>(() => _world.Admin.GetMemoryByPathAsync(_world.StoreId, "/tools.md"));
        var skipped = Assert.Single(revert.Skipped);
        Assert.Equal(handbook.Id, skipped.MemoryId);
        Assert.Contains("changed since", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(byPerson.ContentSha256, (await _world.Admin.GetMemoryAsync(_world.StoreId, handbook.Id)).ContentSha256);
        Assert.Equal(ProposalStatus.Pending, (await _world.Admin.GetProposalAsync(_world.StoreId, pending.Id)).Proposal.Status);
        Assert.Equal(ProposalStatus.Pending, (await _world.Admin.GetProposalAsync(_world.StoreId, other.Id)).Proposal.Status);
        var reverts = (await _world.Admin.ListVersionsAsync(_world.StoreId, new VersionListQuery())).Data.Where(v => revert.Reverted.Any(r => r.RevertVersionId == v.Id)).ToList();
        Assert.Equal(2, reverts.Count);
        Assert.All(reverts, v => Assert.Null(v.DreamId));
        Assert.All(reverts, v => Assert.Contains(ReviewWorld.DreamId, v.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reverting_newest_first_takes_two_changes_to_one_memory_back_to_the_start()
    {
        var tools = await _world.WriteAsync("/tools.md", "# Tools\n");
        var first = await _world.FileAsync(ProposalOperation.Modify, tools, tools.Path, "# Tools\n- one\n");
        await _world.Admin.AcceptProposalAsync(_world.StoreId, first.Id);
        var second = await _world.FileAsync(ProposalOperation.Modify, await _world.Admin.GetMemoryAsync(_world.StoreId, tools.Id), tools.Path, "# Tools\n- one\n- two\n");
        await _world.Admin.AcceptProposalAsync(_world.StoreId, second.Id);

        var revert = await _world.Admin.RevertDreamAsync(ReviewWorld.DreamId);
        var again = await _world.Admin.RevertDreamAsync(ReviewWorld.DreamId);

        Assert.Equal(2, revert.Reverted.Count);
        Assert.Empty(revert.Skipped);
        Assert.Equal("# Tools\n", await _world.ContentAsync(tools.Path));
        Assert.Empty(again.Reverted);
        Assert.Equal(2, again.Skipped.Count);
        Assert.Equal("# Tools\n", await _world.ContentAsync(tools.Path));
    }

    [Fact]
    public async Task Reverting_a_merge_restores_the_retired_duplicates_with_their_ids()
    {
        var keeper = await _world.WriteAsync("/notes/testing.md", "run tests with make test\n");
        var duplicate = await _world.WriteAsync("/notes/tests.md", "use python -m pytest\n");
        var merge = await _world.FileAsync(ProposalOperation.Merge, keeper, keeper.Path, "run tests with make test\nuse python -m pytest\n",
            retires: [new RetiredMemory(duplicate.Id, duplicate.Path, duplicate.ContentSha256)]);
        await _world.Admin.AcceptProposalAsync(_world.StoreId, merge.Id);

        var revert = await _world.Admin.RevertDreamAsync(ReviewWorld.DreamId);

        Assert.Equal(2, revert.Reverted.Count);
        Assert.Equal("run tests with make test\n", await _world.ContentAsync(keeper.Path));
        var restored = await _world.Admin.GetMemoryAsync(_world.StoreId, duplicate.Id);
        Assert.Equal(duplicate.Path, restored.Path);
        Assert.Equal(duplicate.ContentSha256, restored.ContentSha256);
    }

    [Fact]
    public async Task A_caller_who_may_read_but_not_review_has_everything_skipped_and_one_who_sees_nothing_gets_not_found()
    {
        var runbook = await _world.WriteAsync("/runbook.md", "Run tests with make test.\n");
        var proposal = await _world.FileAsync(ProposalOperation.Modify, runbook, runbook.Path, "Run tests with python -m pytest.\n");
        await _world.Admin.AcceptProposalAsync(_world.StoreId, proposal.Id);
        var reader = await _world.MemberAsync("rhea", ("/**", ["read", "list"]));
        var stranger = await _world.MemberAsync("sam", ("/elsewhere/**", ["read", "list", "review"]));

        var readerRevert = await reader.RevertDreamAsync(ReviewWorld.DreamId);

        Assert.Empty(readerRevert.Reverted);
        Assert.Contains("may not review", Assert.Single(readerRevert.Skipped).Reason, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => stranger.RevertDreamAsync(ReviewWorld.DreamId));
        await Assert.ThrowsAsync<NotFoundException>(() => _world.Admin.RevertDreamAsync("drm_01nothing000000000000000"));
        Assert.Equal("Run tests with python -m pytest.\n", await _world.ContentAsync(runbook.Path));
    }
}
