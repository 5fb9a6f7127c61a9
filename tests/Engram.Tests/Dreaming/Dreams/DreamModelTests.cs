using Engram.Dreaming.Analysis;
using Engram.Dreaming.Dreams;
using Engram.Errors;
using Engram.Review;

namespace Engram.Tests.Dreaming.Dreams;

public sealed class DreamModelTests
{
    private static HashSet<int> All(int count) => [.. Enumerable.Range(1, count)];

    [Fact]
    public async Task Sessions_with_signals_go_to_the_model_in_batches_and_their_usage_is_summed_onto_the_dream()
    {
        var analyzer = new ScriptedAnalyzer(new DreamUsage(100, 10, 5, 1));
        var synthesizer = new ScriptedSynthesizer(_ => []);
        await using var world = await DreamWorld.StartAsync(new DreamOptions { Analyzers = _ => analyzer, Synthesizer = synthesizer, BatchSessions = 4, Concurrency = 1 });
        await world.WriteAsync("/notes.md", "---\ndescription: team notes\n---\nbody\n");
        var withSignals = await world.FleetAsync(10, All(10));
        var quiet = await world.SessionAsync("agent9", [], null);

        var dream = await world.CreateAndRunAsync(world.Request([.. withSignals, quiet]));

        Assert.Equal(DreamStatus.Completed, dream.Status);
        Assert.Equal([4, 4, 2], analyzer.Batches.Select(b => b.Count).Order().Reverse());
        Assert.Equal(withSignals.Order(StringComparer.Ordinal), analyzer.SessionsAnalyzed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new DreamUsage(300, 30, 15, 3), dream.Usage);
        Assert.False(dream.Progress.TokenBudgetReached);
        var index = Assert.Single(analyzer.LastRequest!.StoreIndex);
        Assert.Equal(("/notes.md", "team notes"), (index.Path, index.Description));

        // The synthesizer gets every finding once, with the session's real agent.
        var findings = synthesizer.LastInput!.ModelFindings;
        Assert.Equal(10, findings.Count);
        Assert.Equal(11, synthesizer.LastInput.SessionsRead);
        Assert.DoesNotContain(findings, f => f.Agent == "made-up-agent");
    }

    [Fact]
    public async Task No_more_batches_than_the_concurrency_run_at_once()
    {
        var analyzer = new ScriptedAnalyzer(new DreamUsage(1, 1, 0, 0)) { Work = TimeSpan.FromMilliseconds(20) };
        await using var world = await DreamWorld.StartAsync(new DreamOptions { Analyzers = _ => analyzer, BatchSessions = 1, Concurrency = 2 });
        var sessions = await world.FleetAsync(12, All(12));

        var dream = await world.CreateAndRunAsync(world.Request(sessions));

        Assert.Equal(DreamStatus.Completed, dream.Status);
        Assert.Equal(12, analyzer.Calls);
        Assert.InRange(analyzer.MaxInFlight, 1, 2);
    }

    [Fact]
    public async Task Once_the_token_budget_is_spent_no_batch_starts_and_the_dream_completes_with_what_it_has()
    {
        var analyzer = new ScriptedAnalyzer(new DreamUsage(90, 10, 0, 0));
        await using var world = await DreamWorld.StartAsync(new DreamOptions { Analyzers = _ => analyzer, BatchSessions = 2, Concurrency = 1, TokenBudget = 250 });
        var sessions = await world.FleetAsync(10, All(10));

        var dream = await world.CreateAndRunAsync(world.Request(sessions));

        Assert.Equal(DreamStatus.Completed, dream.Status);
        Assert.Equal(3, analyzer.Calls);
        Assert.Equal(270, dream.Usage.InputTokens);
        Assert.True(dream.Progress.TokenBudgetReached);
        var proposals = (await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(), CancellationToken.None)).Data;
        var rule = Assert.Single(proposals, p => p.Origin!.Kind == "environment_fact");
        Assert.Equal(10, rule.Origin!.Statistics.Sessions); // the rules still read every session
    }

    [Fact]
    public async Task A_sub_agent_reads_the_input_store_and_its_own_sessions_only()
    {
        string? memory = null;
        string? otherStore = null;
        Exception? outside = null;
        var world = await DreamWorld.StartAsync();
        await using var disposer = world;
        var analyzer = new ScriptedAnalyzer(DreamUsage.None)
        {
            Before = async (_, request, token) =>
            {
                memory = await request.Reader.ReadMemoryAsync("/notes.md", token);
                otherStore = await request.Reader.ReadMemoryAsync("/elsewhere.md", token);
                var own = await request.Reader.ReadEventsAsync(request.Sessions[0].SessionId, 0, 2, token);
                Assert.Equal(2, own.Count);
                outside = await Record.ExceptionAsync(() => request.Reader.ReadEventsAsync("sesn_not_in_batch", 0, 2, token));
            },
        };
        await world.ReopenAsync(new DreamOptions { Analyzers = _ => analyzer, BatchSessions = 1 });
        await world.WriteAsync("/notes.md", "our notes\n");
        var elsewhere = await world.Engine.Memories.CreateStoreAsync(world.Admin, new Engram.Memories.CreateStoreRequest("elsewhere"), CancellationToken.None);
        await world.Engine.Memories.CreateMemoryAsync(world.Admin, elsewhere.Id, new Engram.Memories.CreateMemoryRequest("/elsewhere.md", "not for this dream"), CancellationToken.None);
        var sessions = await world.FleetAsync(1, All(1));

        await world.CreateAndRunAsync(world.Request(sessions));

        Assert.Equal("our notes\n", memory);
        Assert.Null(otherStore);
        Assert.IsType<NotFoundException>(outside);
    }
}
