using System.Collections.Concurrent;
using Engram.Dreaming.Dreams;
using Engram.Review;

namespace Engram.Tests.Dreaming.Dreams;

public sealed class DreamResumeTests
{
    [Fact]
    public async Task A_dream_stopped_twice_resumes_on_a_fresh_engine_without_reading_a_session_twice_or_filing_a_proposal_twice()
    {
        var read = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();
        var analyzer = new ScriptedAnalyzer(new DreamUsage(10, 1, 0, 0))
        {
            // The model phase's fourth batch is where the second run dies, before that batch is recorded.
            Before = (call, _, token) =>
            {
                if (call == 4)
                {
                    stop.Cancel();
                    token.ThrowIfCancellationRequested();
                }

                return Task.CompletedTask;
            },
        };
        DreamOptions Options() => new()
        {
            Analyzers = _ => analyzer, BatchSessions = 4, Concurrency = 1, SessionsPerAnalysisBatch = 8,
            SessionRead = id => read.AddOrUpdate(id, 1, (_, n) => n + 1),
        };
        await using var world = await DreamWorld.StartAsync(Options());
        var sessions = await world.FleetAsync(40, new HashSet<int>([.. Enumerable.Range(1, 40)]));
        var dream = await world.Dreams.CreateAsync(world.Admin, world.Request(sessions), CancellationToken.None);

        // First run: stopped after two batches of the signal pass.
        using var first = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.SessionsAnalyzed >= 16)
            {
                first.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => world.Engine.DreamRunner.RunAsync(dream.Id, progress, first.Token));
        var stopped = await world.Dreams.GetAsync(world.Admin, dream.Id, CancellationToken.None);
        Assert.Equal(DreamStatus.Running, stopped.Status);
        Assert.Equal(16, stopped.Progress.SessionsAnalyzed);
        Assert.Equal(16, read.Count);

        // Second run, in a new process: finishes the signal pass, dies in the model phase.
        await world.ReopenAsync(Options());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => world.Engine.DreamRunner.RunAsync(dream.Id, null, stop.Token));
        Assert.Equal(DreamStatus.Running, (await world.Dreams.GetAsync(world.Admin, dream.Id, CancellationToken.None)).Status);

        // Third run: completes.
        await world.ReopenAsync(Options());
        var done = await world.Engine.DreamRunner.RunAsync(dream.Id, null, CancellationToken.None);

        Assert.Equal(DreamStatus.Completed, done.Status);
        Assert.Equal(40, done.Progress.SessionsAnalyzed);
        Assert.Equal(sessions.Order(StringComparer.Ordinal), read.Keys.Order(StringComparer.Ordinal));
        Assert.All(read.Values, n => Assert.Equal(1, n));
        Assert.Equal(10, analyzer.Batches.Count); // ten recorded batches; the one that died is not among them
        Assert.All(analyzer.SessionsAnalyzed.Values, n => Assert.Equal(1, n));
        Assert.Equal(new DreamUsage(100, 10, 0, 0), done.Usage);

        // Running a finished dream again changes nothing.
        var again = await world.Engine.DreamRunner.RunAsync(dream.Id, null, CancellationToken.None);
        Assert.Equal(done with { Selection = again.Selection, Effects = again.Effects, InstructionsRead = again.InstructionsRead }, again);
        Assert.Equal(done.InstructionsRead, again.InstructionsRead);
        Assert.Empty(again.Effects);
        var proposals = (await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(), CancellationToken.None)).Data;
        Assert.Equal(["environment_fact", "model"], proposals.Select(p => p.Origin!.Kind).Order(StringComparer.Ordinal)); // one per pattern, none twice
    }

    [Fact]
    public async Task Canceling_a_pending_dream_ends_it_and_the_runner_leaves_it_alone()
    {
        await using var world = await DreamWorld.StartAsync();
        var sessions = await world.FleetAsync(3, new HashSet<int>([1, 2, 3]));
        var dream = await world.Dreams.CreateAsync(world.Admin, world.Request(sessions), CancellationToken.None);

        var canceled = await world.Dreams.CancelAsync(world.Admin, dream.Id, CancellationToken.None);
        var run = await world.Engine.DreamRunner.RunAsync(dream.Id, null, CancellationToken.None);

        Assert.Equal(DreamStatus.Canceled, canceled.Status);
        Assert.NotNull(canceled.EndedAt);
        Assert.Equal(DreamStatus.Canceled, run.Status);
        Assert.Equal(0, run.Progress.SessionsAnalyzed);
        var again = await world.Dreams.CancelAsync(world.Admin, dream.Id, CancellationToken.None); // again: unchanged, as the hosted API answers
        Assert.Equal((DreamStatus.Canceled, canceled.EndedAt), (again.Status, again.EndedAt));
    }

    [Fact]
    public async Task Canceling_a_running_dream_during_the_signal_pass_stops_it_at_the_next_batch()
    {
        await using var world = await DreamWorld.StartAsync(new DreamOptions { SessionsPerAnalysisBatch = 4 });
        var sessions = await world.FleetAsync(12, new HashSet<int>([.. Enumerable.Range(1, 12)]));
        var dream = await world.Dreams.CreateAsync(world.Admin, world.Request(sessions), CancellationToken.None);
        var progress = new SyncProgress(p =>
        {
            if (p.SessionsAnalyzed == 4)
            {
                world.Dreams.CancelAsync(world.Admin, dream.Id, CancellationToken.None).GetAwaiter().GetResult();
            }
        });

        var run = await world.Engine.DreamRunner.RunAsync(dream.Id, progress, CancellationToken.None);

        Assert.Equal(DreamStatus.Canceled, run.Status);
        Assert.Equal(4, run.Progress.SessionsAnalyzed);
        await AssertNothingWrittenAsync(world, run);
    }

    [Fact]
    public async Task A_dream_canceled_after_synthesis_writes_no_proposals_and_no_output_store()
    {
        DreamWorld? world = null;
        string? dreamId = null;
        var synthesizer = new ScriptedSynthesizer(_ =>
        {
            world!.Dreams.CancelAsync(world.Admin, dreamId!, CancellationToken.None).GetAwaiter().GetResult();
            return [ScriptedSynthesizer.Create("/org/x.md", "x", "sig-x", untrusted: false)];
        });
        world = await DreamWorld.StartAsync(new DreamOptions { Synthesizer = synthesizer });
        await using var disposer = world;
        var sessions = await world.FleetAsync(3, new HashSet<int>([1, 2, 3]));
        dreamId = (await world.Dreams.CreateAsync(world.Admin, world.Request(sessions), CancellationToken.None)).Id;

        var run = await world.Engine.DreamRunner.RunAsync(dreamId, null, CancellationToken.None);

        Assert.Equal(1, synthesizer.Calls);
        Assert.Equal(DreamStatus.Canceled, run.Status);
        await AssertNothingWrittenAsync(world, run);
    }

    private static async Task AssertNothingWrittenAsync(DreamWorld world, Dream dream)
    {
        Assert.Null(dream.OutputStoreId);
        Assert.Empty((await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(), CancellationToken.None)).Data);
        var stores = await world.Engine.Memories.ListStoresAsync(world.Admin, new Engram.Memories.StoreListQuery(), CancellationToken.None);
        Assert.Equal([world.StoreId], stores.Data.Select(s => s.Id));
    }

    /// <summary>Reports on the caller's thread, at once (<see cref="Progress{T}"/> posts to a context, too late for a test hook).</summary>
    internal sealed class SyncProgress(Action<DreamProgress> report) : IProgress<DreamProgress>
    {
        public void Report(DreamProgress value) => report(value);
    }
}
