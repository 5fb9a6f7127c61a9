using Engram.Dreaming.Dreams;
using Engram.Memories;
using Engram.Review;

namespace Engram.Tests.Dreaming.Dreams;

public sealed class DreamRunTests
{
    private static readonly HashSet<int> Pytest = [2, 5, 6, 9, 13, 17, 20];

    [Fact]
    public async Task Pytest_missing_in_7_of_20_sessions_gives_one_proposal_with_7_of_20_and_evidence_from_exactly_those_sessions()
    {
        await using var world = await DreamWorld.StartAsync();
        var sessions = await world.FleetAsync(20, Pytest);

        var dream = await world.CreateAndRunAsync(world.Request(sessions));

        Assert.Equal(DreamStatus.Completed, dream.Status);
        Assert.Equal(new DreamProgress("done", 20, 20, 1), dream.Progress);
        var proposals = (await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(), CancellationToken.None)).Data;
        var proposal = Assert.Single(proposals);
        Assert.Equal(dream.Id, proposal.DreamId);
        Assert.Equal(ProposalStatus.Pending, proposal.Status);
        Assert.Equal(ProposalOperation.Create, proposal.Operation);
        Assert.Equal("/org/environment.md", proposal.Path);
        Assert.Equal("environment_fact", proposal.Origin!.Kind);
        Assert.Equal(7, proposal.Origin.Statistics.Sessions);
        Assert.Equal(20, proposal.Origin.Statistics.SessionsRead);
        Assert.Equal(Pytest.Select(n => sessions[n - 1]).Order(StringComparer.Ordinal), proposal.Origin.EvidenceSessionIds.Order(StringComparer.Ordinal));
        Assert.True(proposal.Origin.Untrusted);
        var review = await world.Engine.Review.GetAsync(world.Admin, world.StoreId, proposal.Id, CancellationToken.None);
        Assert.Contains("python -m pytest", review.Proposal.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_new_copies_the_store_as_rows_and_applies_trusted_drafts_only_leaving_the_input_unchanged()
    {
        var synthesizer = new ScriptedSynthesizer(input =>
        [
            ScriptedSynthesizer.Modify(input.Store.Single(f => f.Path == "/notes.md"), "a trusted line", "sig-trusted", untrusted: false),
            ScriptedSynthesizer.Create("/org/untrusted.md", "from a web page", "sig-untrusted", untrusted: true),
            ScriptedSynthesizer.Create("/org/new.md", "a new trusted file", "sig-new", untrusted: false),
        ]);
        await using var world = await DreamWorld.StartAsync(new DreamOptions { Synthesizer = synthesizer });
        var notes = await world.WriteAsync("/notes.md", "# notes\n");
        var other = await world.WriteAsync("/other.md", "other\n");
        var sessions = await world.FleetAsync(3, new HashSet<int>());

        var dream = await world.CreateAndRunAsync(world.Request(sessions));

        Assert.Equal(DreamStatus.Completed, dream.Status);
        Assert.NotNull(dream.OutputStoreId);
        Assert.NotEqual(world.StoreId, dream.OutputStoreId);
        var copy = await world.Engine.Memories.GetStoreAsync(world.Admin, dream.OutputStoreId!, CancellationToken.None);
        Assert.Equal($"team · dream {dream.Id}", copy.Name);

        // The input is as it was: two memories, unchanged, and three pending proposals.
        var input = await Memories(world, world.StoreId);
        Assert.Equal(["/notes.md", "/other.md"], input.Select(m => m.Path));
        Assert.Equal(notes.ContentSha256, input[0].ContentSha256);
        var proposals = (await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(), CancellationToken.None)).Data;
        Assert.Equal(3, proposals.Count);
        Assert.All(proposals, p => Assert.Equal(ProposalStatus.Pending, p.Status));

        // The copy: new ids, the same content for untouched memories, trusted drafts applied, the untrusted one not.
        var output = await Memories(world, dream.OutputStoreId!);
        Assert.Equal(["/notes.md", "/org/new.md", "/other.md"], output.Select(m => m.Path));
        Assert.DoesNotContain(output, m => m.Id == notes.Id || m.Id == other.Id);
        Assert.Equal(other.ContentSha256, output.Single(m => m.Path == "/other.md").ContentSha256);
        Assert.Equal("# notes\na trusted line\n", output.Single(m => m.Path == "/notes.md").Content);
        var history = (await world.Engine.Memories.ListVersionsAsync(world.Admin, dream.OutputStoreId!, new VersionListQuery(MemoryId: output.Single(m => m.Path == "/notes.md").Id), CancellationToken.None)).Data;
        Assert.Equal([VersionOperation.Modified, VersionOperation.Created], history.Select(v => v.Operation));
        Assert.Equal(dream.Id, history[0].DreamId);
        Assert.Contains(dream.Id, history[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_existing_applies_trusted_drafts_with_their_base_and_a_memory_changed_since_synthesis_conflicts()
    {
        DreamWorld? world = null;
        var synthesizer = new ScriptedSynthesizer(input =>
        {
            var drafts = new[]
            {
                ScriptedSynthesizer.Modify(input.Store.Single(f => f.Path == "/a.md"), "line for a", "sig-a", untrusted: false),
                ScriptedSynthesizer.Modify(input.Store.Single(f => f.Path == "/b.md"), "line for b", "sig-b", untrusted: false),
                ScriptedSynthesizer.Modify(input.Store.Single(f => f.Path == "/a.md"), "untrusted for a", "sig-u", untrusted: true),
            };

            // Someone edits /b.md after the drafts were made against it, before the dream writes.
            var b = input.Store.Single(f => f.Path == "/b.md");
            world!.Engine.Memories.UpdateMemoryAsync(world.Admin, world.StoreId, b.MemoryId, new UpdateMemoryRequest("b, edited\n"), CancellationToken.None).GetAwaiter().GetResult();
            return drafts;
        });
        world = await DreamWorld.StartAsync(new DreamOptions { Synthesizer = synthesizer });
        await using var disposer = world;
        await world.WriteAsync("/a.md", "a\n");
        await world.WriteAsync("/b.md", "b\n");
        var sessions = await world.FleetAsync(2, new HashSet<int>());

        var dream = await world.CreateAndRunAsync(world.Request(sessions, DreamOutputBehavior.UpdateExisting));

        Assert.Equal(DreamStatus.Completed, dream.Status);
        Assert.Equal(world.StoreId, dream.OutputStoreId);
        var proposals = (await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(), CancellationToken.None)).Data
            .ToDictionary(p => p.Origin!.Signature);
        Assert.Equal(ProposalStatus.Applied, proposals["sig-a"].Status);
        Assert.Equal(world.Admin.Actor, proposals["sig-a"].DecidedBy);
        Assert.NotNull(proposals["sig-a"].AppliedVersionId);
        Assert.Equal(ProposalStatus.Conflicted, proposals["sig-b"].Status);
        Assert.Contains("changed since", proposals["sig-b"].DecisionNote, StringComparison.Ordinal);
        Assert.Equal(ProposalStatus.Pending, proposals["sig-u"].Status);
        var memories = await Memories(world, world.StoreId);
        Assert.Equal("a\nline for a\n", memories.Single(m => m.Path == "/a.md").Content);
        Assert.Equal("b, edited\n", memories.Single(m => m.Path == "/b.md").Content);
        var version = await world.Engine.Memories.GetVersionAsync(world.Admin, world.StoreId, proposals["sig-a"].AppliedVersionId!, MemoryView.Basic, CancellationToken.None);
        Assert.Equal(dream.Id, version.DreamId);
        Assert.Equal(proposals["sig-a"].Id, version.ProposalId);
    }

    [Fact]
    public async Task A_dream_whose_synthesizer_throws_fails_with_an_internal_error_and_writes_nothing()
    {
        await using var world = await DreamWorld.StartAsync(new DreamOptions { Synthesizer = new ScriptedSynthesizer(_ => throw new InvalidOperationException("secret sk-ant-123 in a message")) });
        var sessions = await world.FleetAsync(2, new HashSet<int>());

        var dream = await world.CreateAndRunAsync(world.Request(sessions));

        Assert.Equal(DreamStatus.Failed, dream.Status);
        Assert.Equal("internal_error", dream.Error!.Type);
        Assert.DoesNotContain("sk-ant", dream.Error.Message, StringComparison.Ordinal);
        Assert.NotNull(dream.EndedAt);
        Assert.Null(dream.OutputStoreId);
        Assert.Empty((await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(), CancellationToken.None)).Data);
    }

    internal static async Task<List<Memory>> Memories(DreamWorld world, string storeId)
    {
        var listed = await world.Engine.Memories.ListMemoriesAsync(world.Admin, storeId, new MemoryListQuery(View: MemoryView.Full), CancellationToken.None);
        return [.. listed.Data.OfType<Memory>().OrderBy(m => m.Path, StringComparer.Ordinal)];
    }
}
