using Engram.Access.Audit;
using Engram.Errors;
using Engram.Memories;
using Engram.Review;

namespace Engram.Tests.Review;

/// <summary>Edit-then-accept: a reviewer's edit of the proposed content is what is applied, and the record says so.</summary>
public sealed class EditedAcceptTests : IAsyncLifetime
{
    private const string Tools = "# Tools\n\n- make builds everything.\n";

    private ReviewWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReviewWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task An_edited_accept_applies_the_reviewers_text_and_the_version_reason_and_decision_say_it_was_edited()
    {
        var memory = await _world.WriteAsync("/tools.md", Tools);
        var proposal = await _world.FileAsync(ProposalOperation.Modify, memory, memory.Path, Tools + "- pytest: command not found; run `python -m pytest`.\n");
        const string Edited = Tools + "- Run tests with `python -m pytest`.\n";

        var decided = await _world.Admin.AcceptProposalAsync(_world.StoreId, proposal.Id, new AcceptProposalRequest("clearer wording", EditedContent: Edited));

        Assert.Equal(ProposalStatus.Applied, decided.Status);
        Assert.Equal("clearer wording (edited at review)", decided.DecisionNote);
        Assert.Equal(proposal.ContentSha256, decided.ContentSha256); // the proposal keeps what was proposed
        Assert.Equal(Edited, await _world.ContentAsync(memory.Path));
        var version = await _world.Admin.GetVersionAsync(_world.StoreId, decided.AppliedVersionId!);
        Assert.Equal("what the dream saw (edited at review)", version.Reason);
        Assert.Equal(proposal.Id, version.ProposalId);
        Assert.Equal(ReviewWorld.DreamId, version.DreamId);
        var audit = await _world.Admin.ListAuditEventsAsync(new AuditQuery(Action: "proposal.accept"));
        Assert.Contains("edited at review", Assert.Single(audit.Data).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_create_writes_the_edit_at_the_proposed_path()
    {
        var proposal = await _world.FileAsync(ProposalOperation.Create, null, "/env.md", "# Env\n- docker: 'compose' is not a docker command.\n");

        var decided = await _world.Admin.AcceptProposalAsync(_world.StoreId, proposal.Id, new AcceptProposalRequest(EditedContent: "# Env\n- Use docker-compose.\n"));

        Assert.Equal(ProposalStatus.Applied, decided.Status);
        Assert.Equal("edited at review", decided.DecisionNote);
        Assert.Equal("# Env\n- Use docker-compose.\n", await _world.ContentAsync("/env.md"));
    }

    [Fact]
    public async Task An_edit_keeps_the_precondition_a_moved_base_conflicts_and_with_merge_the_edit_is_merged()
    {
        var memory = await _world.WriteAsync("/tools.md", Tools);
        var proposal = await _world.FileAsync(ProposalOperation.Modify, memory, memory.Path, Tools + "- proposed line\n");
        var moved = await _world.EditAsync(memory, Tools.Replace("make builds", "make -j4 builds", StringComparison.Ordinal));
        const string Edited = Tools + "- edited line\n";

        var conflicted = await _world.Admin.AcceptProposalAsync(_world.StoreId, proposal.Id, new AcceptProposalRequest(EditedContent: Edited));
        var unchanged = await _world.ContentAsync(memory.Path);
        var merged = await _world.Admin.AcceptProposalAsync(_world.StoreId, proposal.Id, new AcceptProposalRequest(Merge: true, ExpectedContentSha256: moved.ContentSha256, EditedContent: Edited));

        Assert.Equal(ProposalStatus.Conflicted, conflicted.Status);
        Assert.Equal(moved.Content, unchanged);
        Assert.Equal(ProposalStatus.Applied, merged.Status);
        Assert.StartsWith("edited at review (merged", merged.DecisionNote, StringComparison.Ordinal);
        Assert.Equal("# Tools\n\n- make -j4 builds everything.\n- edited line\n", await _world.ContentAsync(memory.Path));
    }

    [Fact]
    public async Task An_edit_of_a_delete_or_an_invalid_edit_is_refused_naming_content_and_changes_nothing()
    {
        var memory = await _world.WriteAsync("/tools.md", Tools);
        var delete = await _world.FileAsync(ProposalOperation.Delete, memory, memory.Path, null);
        var modify = await _world.FileAsync(ProposalOperation.Modify, memory, memory.Path, Tools + "- x\n");

        var onDelete = await Assert.ThrowsAsync<InvalidRequestException>(() => _world.Admin.AcceptProposalAsync(_world.StoreId, delete.Id, new AcceptProposalRequest(EditedContent: "x")));
        var tooLarge = await Assert.ThrowsAsync<ContentTooLargeException>(() =>
            _world.Admin.AcceptProposalAsync(_world.StoreId, modify.Id, new AcceptProposalRequest(EditedContent: new string('x', MemoryContent.MaxBytes + 1))));
        var surrogate = await Assert.ThrowsAsync<InvalidRequestException>(() => _world.Admin.AcceptProposalAsync(_world.StoreId, modify.Id, new AcceptProposalRequest(EditedContent: "\ud800")));

        Assert.Equal("content", onDelete.Field);
        Assert.StartsWith("content", tooLarge.Message, StringComparison.Ordinal);
        Assert.Equal("content", surrogate.Field);
        Assert.Equal(Tools, await _world.ContentAsync(memory.Path));
        Assert.Equal(ProposalStatus.Pending, (await _world.Admin.GetProposalAsync(_world.StoreId, delete.Id)).Proposal.Status);
        Assert.Equal(ProposalStatus.Pending, (await _world.Admin.GetProposalAsync(_world.StoreId, modify.Id)).Proposal.Status);
    }
}
