using Engram.Access.Policies;
using Engram.Dreaming.Dreams;
using Engram.Review;
using Engram.Sessions;
using Engram.Storage;

namespace Engram.Tests.Dreaming.Dreams;

/// <summary>What a dream may read, and how several of its edits to one file land.</summary>
public sealed class DreamScopeTests
{
    [Fact]
    public async Task A_dream_reads_and_copies_only_the_memories_its_creator_may_read()
    {
        var synthesizer = new ScriptedSynthesizer(_ => []);
        await using var world = await DreamWorld.StartAsync(new DreamOptions { Synthesizer = synthesizer });
        await world.WriteAsync("/notes.md", "# notes\n");
        await world.WriteAsync("/secret/plan.md", "the acquisition target\n");
        var bob = await world.MemberAsync("bob");
        await world.Engine.Access.AddPolicyAsync(world.Admin, new AddPolicyRequest(
            world.StoreId, $"principal:{bob.Actor.Id}", "/secret/**", ["read", "list"], "deny", "not for bob"), CancellationToken.None);
        var sessions = await world.FleetAsync(2, new HashSet<int>(), by: bob);

        var created = await world.Dreams.CreateAsync(bob, world.Request(sessions), CancellationToken.None);
        var dream = await world.Engine.DreamRunner.RunAsync(created.Id, null, CancellationToken.None);

        Assert.Equal(DreamStatus.Completed, dream.Status);
        Assert.Equal(["/notes.md"], synthesizer.LastInput!.Store.Select(f => f.Path));
        var copy = await DreamRunTests.Memories(world, dream.OutputStoreId!);
        Assert.Equal(["/notes.md"], copy.Select(m => m.Path));
    }

    [Fact]
    public async Task The_copy_keeps_the_input_stores_rules_so_a_path_hidden_from_someone_stays_hidden()
    {
        await using var world = await DreamWorld.StartAsync(new DreamOptions { Synthesizer = new ScriptedSynthesizer(_ => []) });
        await world.WriteAsync("/notes.md", "# notes\n");
        await world.WriteAsync("/secret/plan.md", "the acquisition target\n");
        var bob = await world.MemberAsync("bob");
        await world.Engine.Access.AddPolicyAsync(world.Admin, new AddPolicyRequest(
            world.StoreId, $"principal:{bob.Actor.Id}", "/secret/**", ["read", "list"], "deny", "not for bob"), CancellationToken.None);
        var sessions = await world.FleetAsync(2, new HashSet<int>());

        var dream = await world.CreateAndRunAsync(world.Request(sessions)); // the admin may read everything: the copy has it all

        var copy = dream.OutputStoreId!;
        Assert.Equal(["/notes.md", "/secret/plan.md"], (await DreamRunTests.Memories(world, copy)).Select(m => m.Path));
        await world.Engine.Memories.GetMemoryByPathAsync(bob, copy, "/notes.md", Engram.Memories.MemoryView.Full, CancellationToken.None);
        await Assert.ThrowsAsync<Engram.Errors.NotFoundException>(() =>
            world.Engine.Memories.GetMemoryByPathAsync(bob, copy, "/secret/plan.md", Engram.Memories.MemoryView.Full, CancellationToken.None));
    }

    [Fact]
    public async Task A_deny_added_to_the_source_after_the_copy_was_made_reaches_the_copy_and_its_metadata_cannot_undo_it()
    {
        await using var world = await DreamWorld.StartAsync(new DreamOptions { Synthesizer = new ScriptedSynthesizer(_ => []) });
        await world.WriteAsync("/notes.md", "# notes\n");
        await world.WriteAsync("/private/salaries.md", "alice: 1\n");
        var bob = await world.MemberAsync("bob");
        var sessions = await world.FleetAsync(2, new HashSet<int>());
        var copy = (await world.CreateAndRunAsync(world.Request(sessions))).OutputStoreId!;
        await world.Engine.Memories.GetMemoryByPathAsync(bob, copy, "/private/salaries.md", Engram.Memories.MemoryView.Full, CancellationToken.None);

        await world.Engine.Access.AddPolicyAsync(world.Admin, new AddPolicyRequest(
            world.StoreId, $"principal:{bob.Actor.Id}", "/private/**", ["read", "list"], "deny", "not for bob"), CancellationToken.None);

        foreach (var store in new[] { world.StoreId, copy })
        {
            await Assert.ThrowsAsync<Engram.Errors.NotFoundException>(() =>
                world.Engine.Memories.GetMemoryByPathAsync(bob, store, "/private/salaries.md", Engram.Memories.MemoryView.Full, CancellationToken.None));
        }

        var listed = await world.Engine.Memories.ListMemoriesAsync(bob, copy, new Engram.Memories.MemoryListQuery(), CancellationToken.None);
        Assert.Equal(["/notes.md"], listed.Data.Select(m => m.Path));
        var decision = (await world.Engine.Policies.CurrentAsync(CancellationToken.None)).Explain(bob, copy, "/private/salaries.md");
        Assert.Contains(decision.Denies, rule => rule.StoreId == world.StoreId && rule.Description == "not for bob");
        Assert.Contains("dream's copy", decision.Limit, StringComparison.Ordinal);

        // The link is the dream's, not the copy's metadata: an admin of the copy clearing it changes nothing.
        await world.Engine.Memories.UpdateStoreAsync(world.Admin, copy, new Engram.Memories.UpdateStoreRequest(Metadata: new Dictionary<string, string?> { [DreamOutputs.MetadataKey] = null }), CancellationToken.None);
        await Assert.ThrowsAsync<Engram.Errors.NotFoundException>(() =>
            world.Engine.Memories.GetMemoryByPathAsync(bob, copy, "/private/salaries.md", Engram.Memories.MemoryView.Full, CancellationToken.None));
        await world.Engine.Memories.GetMemoryByPathAsync(bob, copy, "/notes.md", Engram.Memories.MemoryView.Full, CancellationToken.None);
    }

    [Fact]
    public async Task Two_drafts_for_one_file_both_land_in_the_copy()
    {
        var synthesizer = new ScriptedSynthesizer(input =>
        [
            ScriptedSynthesizer.Modify(input.Store.Single(f => f.Path == "/notes.md"), "- first lesson", "sig-1", untrusted: false),
            ScriptedSynthesizer.Modify(input.Store.Single(f => f.Path == "/notes.md"), "- second lesson", "sig-2", untrusted: false),
            ScriptedSynthesizer.Create("/org/new.md", "- third lesson", "sig-3", untrusted: false),
            ScriptedSynthesizer.Create("/org/new.md", "- fourth lesson", "sig-4", untrusted: false),
        ]);
        await using var world = await DreamWorld.StartAsync(new DreamOptions { Synthesizer = synthesizer });
        await world.WriteAsync("/notes.md", "# notes\n");
        var sessions = await world.FleetAsync(2, new HashSet<int>());

        var dream = await world.CreateAndRunAsync(world.Request(sessions));

        var copy = await DreamRunTests.Memories(world, dream.OutputStoreId!);
        Assert.Equal("# notes\n- first lesson\n- second lesson\n", copy.Single(m => m.Path == "/notes.md").Content);
        Assert.Equal("# new\n- third lesson\n- fourth lesson\n", copy.Single(m => m.Path == "/org/new.md").Content);
    }

    [Fact]
    public async Task With_update_existing_a_second_draft_for_a_file_the_dream_just_changed_is_merged_and_applied()
    {
        var synthesizer = new ScriptedSynthesizer(input =>
        [
            ScriptedSynthesizer.Modify(input.Store.Single(f => f.Path == "/notes.md"), "- first lesson", "sig-1", untrusted: false),
            ScriptedSynthesizer.Modify(input.Store.Single(f => f.Path == "/notes.md"), "- second lesson", "sig-2", untrusted: false),
        ]);
        await using var world = await DreamWorld.StartAsync(new DreamOptions { Synthesizer = synthesizer });
        var notes = await world.WriteAsync("/notes.md", "# notes\n");
        var sessions = await world.FleetAsync(2, new HashSet<int>());

        var dream = await world.CreateAndRunAsync(world.Request(sessions, DreamOutputBehavior.UpdateExisting));

        var proposals = (await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(), CancellationToken.None)).Data;
        Assert.All(proposals, p => Assert.Equal(ProposalStatus.Applied, p.Status));
        Assert.Contains(proposals, p => p.DecisionNote?.StartsWith("merged with the changes made since", StringComparison.Ordinal) == true);
        var memory = await world.Engine.Memories.GetMemoryAsync(world.Admin, world.StoreId, notes.Id, Engram.Memories.MemoryView.Full, CancellationToken.None);
        Assert.Equal("# notes\n- first lesson\n- second lesson\n", memory.Content);
        Assert.Equal(DreamStatus.Completed, dream.Status);
    }

    [Fact]
    public async Task A_since_filter_picks_sessions_by_their_latest_event_not_by_when_they_were_imported()
    {
        await using var world = await DreamWorld.StartAsync();
        static TranscriptEvent Said(string key, DateTimeOffset? at) => new(TranscriptEventKind.UserMessage, key, at, "hello");
        var old = await world.SessionAsync("a", [Said("k0", DreamWorld.Start.AddDays(-30))]);
        var recent = await world.SessionAsync("a", [Said("k0", DreamWorld.Start.AddDays(-30)), Said("k1", DreamWorld.Start.AddDays(-1))]);
        var untimed = await world.SessionAsync("a", [Said("k0", null)]);

        var dream = await world.Dreams.CreateAsync(
            world.Admin, new CreateDreamRequest(world.StoreId, new SessionSelection([], Since: DreamWorld.Start.AddDays(-7)), new DreamModel("rules")), CancellationToken.None);

        var chosen = await world.Engine.Storage.ListDreamSessionsAsync(dream.Id, DreamSessionState.Unanalyzed, -1, 10, CancellationToken.None);
        Assert.Equal(new[] { recent, untimed }.Order(StringComparer.Ordinal), chosen.Select(c => c.SessionId).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(old, chosen.Select(c => c.SessionId));
    }

    [Fact]
    public async Task Two_runners_on_one_dream_record_each_session_once_and_file_each_proposal_once()
    {
        await using var world = await DreamWorld.StartAsync(new DreamOptions { SessionsPerAnalysisBatch = 4 });
        var sessions = await world.FleetAsync(40, new HashSet<int>(Enumerable.Range(1, 40).Where(n => n % 3 == 0)));
        var dream = await world.Dreams.CreateAsync(world.Admin, world.Request(sessions), CancellationToken.None);

        // A resume started while the first run is still going (or a server's worker beside a foreground run).
        await Task.WhenAll(
            Task.Run(() => world.Engine.DreamRunner.RunAsync(dream.Id, null, CancellationToken.None)),
            Task.Run(() => world.Engine.DreamRunner.RunAsync(dream.Id, null, CancellationToken.None)));

        var done = await world.Dreams.GetAsync(world.Admin, dream.Id, CancellationToken.None);
        Assert.Equal(DreamStatus.Completed, done.Status);
        Assert.Equal(40, done.Progress.SessionsAnalyzed);
        var proposals = (await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(DreamId: dream.Id), CancellationToken.None)).Data;
        Assert.Equal(proposals.Count, proposals.Select(p => p.Origin!.Signature).Distinct().Count());
        Assert.Equal(done.Progress.Proposals, proposals.Count);
    }
}
