using Engram.Errors;
using Engram.Memories;
using Engram.Review;

namespace Engram.Tests.Review;

public sealed class ThreeWayAcceptTests : IAsyncLifetime
{
    private const string Runbook = "# Runbook\n\nDeploy with make deploy.\n\nRun tests with make test.\n";

    private ReviewWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReviewWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_moved_base_with_edits_on_other_lines_offers_a_merge_that_accept_with_merge_applies()
    {
        var memory = await _world.WriteAsync("/runbook.md", Runbook);
        var proposal = await _world.FileAsync(ProposalOperation.Modify, memory, memory.Path, Runbook.Replace("make test", "python -m pytest", StringComparison.Ordinal));
        var edited = await _world.EditAsync(memory, Runbook.Replace("make deploy", "make deploy ENV=prod", StringComparison.Ordinal));

        var review = await _world.Admin.GetProposalAsync(_world.StoreId, proposal.Id);
        var decided = await _world.Admin.AcceptProposalAsync(_world.StoreId, proposal.Id, new AcceptProposalRequest("fine", Merge: true, review.Merge?.CurrentSha256));

        const string Merged = "# Runbook\n\nDeploy with make deploy ENV=prod.\n\nRun tests with python -m pytest.\n";
        Assert.True(review.BaseIsStale);
        Assert.NotNull(review.Merge);
        Assert.Equal(Merged, review.Merge.Content);
        Assert.Equal(edited.ContentSha256, review.Merge.CurrentSha256);
        Assert.Contains("+Run tests with python -m pytest.", review.Merge.Diff, StringComparison.Ordinal);
        Assert.DoesNotContain("ENV=prod", review.Merge.Diff.Split('\n').Where(l => l.StartsWith('-') || l.StartsWith('+')).Where(l => !l.StartsWith("---", StringComparison.Ordinal) && !l.StartsWith("+++", StringComparison.Ordinal)), StringComparer.Ordinal);
        Assert.Equal(ProposalStatus.Applied, decided.Status);
        Assert.Contains("merged", decided.DecisionNote, StringComparison.Ordinal);
        Assert.StartsWith("fine", decided.DecisionNote, StringComparison.Ordinal);
        Assert.Equal(Merged, await _world.ContentAsync(memory.Path));
        var version = await _world.Admin.GetVersionAsync(_world.StoreId, decided.AppliedVersionId!);
        Assert.Equal(proposal.Id, version.ProposalId);
        Assert.Equal(ReviewWorld.DreamId, version.DreamId);
    }

    [Fact]
    public async Task Overlapping_edits_offer_no_merge_and_accept_with_merge_conflicts_without_writing()
    {
        var memory = await _world.WriteAsync("/runbook.md", Runbook);
        var proposal = await _world.FileAsync(ProposalOperation.Modify, memory, memory.Path, Runbook.Replace("make test", "python -m pytest", StringComparison.Ordinal));
        var edited = await _world.EditAsync(memory, Runbook.Replace("make test", "uv run pytest", StringComparison.Ordinal));

        var review = await _world.Admin.GetProposalAsync(_world.StoreId, proposal.Id);
        var decided = await _world.Admin.AcceptProposalAsync(_world.StoreId, proposal.Id, new AcceptProposalRequest(Merge: true));

        Assert.True(review.BaseIsStale);
        Assert.Null(review.Merge);
        Assert.Equal(ProposalStatus.Conflicted, decided.Status);
        Assert.Contains("same lines", decided.DecisionNote, StringComparison.Ordinal);
        Assert.Equal(edited.ContentSha256, (await _world.Admin.GetMemoryAsync(_world.StoreId, memory.Id)).ContentSha256);
    }

    [Fact]
    public async Task Notes_from_two_dreams_appended_to_one_file_conflict_once_and_the_merge_keeps_both()
    {
        var memory = await _world.WriteAsync("/tools.md", "# Tools\n");
        var first = await _world.FileAsync(ProposalOperation.Modify, memory, memory.Path, "# Tools\n- pytest is not on PATH; run python -m pytest\n");
        var second = await _world.FileAsync(ProposalOperation.Modify, memory, memory.Path, "# Tools\n- run migrations with --dry-run first\n", dreamId: "drm_01review1111111111111111");

        var applied = await _world.Admin.AcceptProposalAsync(_world.StoreId, first.Id);
        var conflicted = await _world.Admin.AcceptProposalAsync(_world.StoreId, second.Id);
        var review = await _world.Admin.GetProposalAsync(_world.StoreId, second.Id);
        var merged = await _world.Admin.AcceptProposalAsync(_world.StoreId, second.Id, new AcceptProposalRequest(Merge: true));

        Assert.Equal(ProposalStatus.Applied, applied.Status);
        Assert.Equal(ProposalStatus.Conflicted, conflicted.Status);
        Assert.NotNull(review.Merge);
        Assert.Equal(ProposalStatus.Applied, merged.Status);
        Assert.Equal("# Tools\n- pytest is not on PATH; run python -m pytest\n- run migrations with --dry-run first\n", await _world.ContentAsync(memory.Path));
    }

    [Fact]
    public async Task A_memory_that_moved_again_after_the_merge_was_offered_conflicts_again()
    {
        var memory = await _world.WriteAsync("/runbook.md", Runbook);
        var proposal = await _world.FileAsync(ProposalOperation.Modify, memory, memory.Path, Runbook + "\nAsk in #ops first.\n");
        var edited = await _world.EditAsync(memory, Runbook.Replace("# Runbook", "# Ops runbook", StringComparison.Ordinal));
        var offered = (await _world.Admin.GetProposalAsync(_world.StoreId, proposal.Id)).Merge!;
        var again = await _world.EditAsync(edited, edited.Content!.Replace("make deploy", "make ship", StringComparison.Ordinal));

        var decided = await _world.Admin.AcceptProposalAsync(_world.StoreId, proposal.Id, new AcceptProposalRequest(Merge: true, ExpectedContentSha256: offered.CurrentSha256));

        Assert.Equal(ProposalStatus.Conflicted, decided.Status);
        Assert.Contains("changed again", decided.DecisionNote, StringComparison.Ordinal);
        Assert.Equal(again.ContentSha256, (await _world.Admin.GetMemoryAsync(_world.StoreId, memory.Id)).ContentSha256);
    }

    [Fact]
    public async Task A_dream_file_proposed_onto_a_path_someone_created_meanwhile_merges_into_that_memory()
    {
        var proposal = await _world.FileAsync(ProposalOperation.Create, null, "/tools.md", "# Tools\n- run python -m pytest\n");
        var created = await _world.WriteAsync("/tools.md", "# Tools\n- use uv\n");

        var review = await _world.Admin.GetProposalAsync(_world.StoreId, proposal.Id);
        var plain = await _world.Admin.AcceptProposalAsync(_world.StoreId, proposal.Id);
        var merged = await _world.Admin.AcceptProposalAsync(_world.StoreId, proposal.Id, new AcceptProposalRequest(Merge: true));

        Assert.True(review.BaseIsStale);
        Assert.Equal("# Tools\n- use uv\n- run python -m pytest\n", review.Merge?.Content);
        Assert.Equal(ProposalStatus.Conflicted, plain.Status);
        Assert.Equal(ProposalStatus.Applied, merged.Status);
        var memory = await _world.Admin.GetMemoryByPathAsync(_world.StoreId, "/tools.md");
        Assert.Equal(created.Id, memory.Id);
        Assert.Equal("# Tools\n- use uv\n- run python -m pytest\n", memory.Content);
    }

    [Fact]
    public async Task Only_pending_or_conflicted_proposals_can_be_merged_and_only_creates_and_modifies()
    {
        var memory = await _world.WriteAsync("/runbook.md", Runbook);
        var proposal = await _world.FileAsync(ProposalOperation.Modify, memory, memory.Path, Runbook + "more\n");
        var deletion = await _world.FileAsync(ProposalOperation.Delete, memory, memory.Path, null);
        await _world.Admin.RejectProposalAsync(_world.StoreId, proposal.Id);

        await Assert.ThrowsAsync<InvalidStateException>(() => _world.Admin.AcceptProposalAsync(_world.StoreId, proposal.Id, new AcceptProposalRequest(Merge: true)));
        await Assert.ThrowsAsync<InvalidRequestException>(() => _world.Admin.AcceptProposalAsync(_world.StoreId, deletion.Id, new AcceptProposalRequest(Merge: true)));
        await Assert.ThrowsAsync<InvalidRequestException>(() => _world.Admin.AcceptProposalAsync(_world.StoreId, deletion.Id, new AcceptProposalRequest(ExpectedContentSha256: memory.ContentSha256)));
        Assert.Equal(memory.ContentSha256, (await _world.Admin.GetMemoryAsync(_world.StoreId, memory.Id)).ContentSha256);
    }

    [Fact]
    public async Task A_merge_is_not_offered_when_the_base_content_was_redacted()
    {
        var memory = await _world.WriteAsync("/runbook.md", Runbook);
        var proposal = await _world.FileAsync(ProposalOperation.Modify, memory, memory.Path, Runbook + "more\n");
        await _world.EditAsync(memory, "# Runbook\n\nrewritten\n" + Runbook[10..]);
        await _world.Admin.RedactVersionAsync(_world.StoreId, memory.MemoryVersionId);

        var review = await _world.Admin.GetProposalAsync(_world.StoreId, proposal.Id);
        var decided = await _world.Admin.AcceptProposalAsync(_world.StoreId, proposal.Id, new AcceptProposalRequest(Merge: true));

        Assert.True(review.BaseIsStale);
        Assert.Null(review.Merge);
        Assert.Equal(ProposalStatus.Conflicted, decided.Status);
        Assert.Contains("redacted", decided.DecisionNote, StringComparison.Ordinal);
    }
}
