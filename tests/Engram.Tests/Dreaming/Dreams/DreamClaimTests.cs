using System.Collections.Concurrent;
using Engram.Dreaming.Dreams;
using Engram.Review;
using Engram.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Engram.Tests.Dreaming.Dreams;

/// <summary>
/// Dream workers on several nodes of one database (here two engines on one SQLite file): each dream is claimed by one
/// worker under a lease; a node that dies leaves its dream to another once the lease ends, and the old holder, should
/// it wake, writes nothing more.
/// </summary>
public sealed class DreamClaimTests
{
    private static readonly TimeSpan Lease = DreamWorkerOptions.DefaultLease;

    [Fact]
    public async Task Two_workers_on_two_nodes_of_one_database_never_run_the_same_dream()
    {
        var readBy = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var readTwice = new ConcurrentBag<string>();
        DreamOptions Reading(string node) => new()
        {
            SessionsPerAnalysisBatch = 2,
            SessionRead = id =>
            {
                if (!readBy.TryAdd(id, node))
                {
                    readTwice.Add(id);
                }

                Thread.Sleep(2); // long enough that the two nodes' runs overlap
            },
        };
        await using var world = await DreamWorld.StartAsync(Reading("node-a"));
        await using var other = world.OpenNode(Reading("node-b"));
        var sessions = await world.FleetAsync(24, new HashSet<int>(Enumerable.Range(1, 24).Where(n => n % 2 == 0)));
        var dreams = new List<Dream>();
        for (var i = 0; i < 6; i++)
        {
            dreams.Add(await world.Dreams.CreateAsync(world.Admin, world.Request([.. sessions.Skip(4 * i).Take(4)]), CancellationToken.None));
        }

        var failures = new ConcurrentBag<Exception>();
        using var stop = new CancellationTokenSource();
        var running = new[]
        {
            Task.Run(() => Worker(world.Engine, "node-a", failures).RunAsync(stop.Token)),
            Task.Run(() => Worker(other, "node-b", failures).RunAsync(stop.Token)),
        };
        var done = new List<Dream>();
        foreach (var dream in dreams)
        {
            done.Add(await WaitForAsync(world, dream.Id, DreamStatus.Completed));
        }

        await stop.CancelAsync();
        await Task.WhenAll(running);

        Assert.Empty(failures);
        Assert.Empty(readTwice);
        Assert.Equal(sessions.Order(StringComparer.Ordinal), readBy.Keys.Order(StringComparer.Ordinal));
        for (var i = 0; i < dreams.Count; i++)
        {
            // One node read all of a dream's sessions, and its lease names that node's worker.
            var node = Assert.Single(sessions.Skip(4 * i).Take(4).Select(s => readBy[s]).Distinct());
            Assert.Equal(node, (await LeaseAsync(world, dreams[i].Id))?.Holder);
            Assert.Equal((4, 4), (done[i].Progress.SessionsTotal, done[i].Progress.SessionsAnalyzed));
        }
    }

    [Fact]
    public async Task A_dream_whose_node_died_in_the_signal_pass_is_finished_by_another_once_its_lease_ends_as_an_uninterrupted_run_would_be()
    {
        var fleet = new HashSet<int>(Enumerable.Range(1, 24));
        var (expected, expectedProposals) = await UninterruptedAsync(fleet);

        var analyzer = new ScriptedAnalyzer(new DreamUsage(10, 1, 0, 0));
        var readByA = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var readByB = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        using var frozen = new ManualResetEventSlim(false);
        var readsA = 0;
        await using var world = await DreamWorld.StartAsync(Options(analyzer, id => readByB.AddOrUpdate(id, 1, (_, n) => n + 1)));
        var sessions = await world.FleetAsync(24, fleet);
        var dream = await world.Dreams.CreateAsync(world.Admin, world.Request(sessions), CancellationToken.None);

        // Node A, on a clock of its own that never moves (a dead node's heartbeat never beats), hangs in its third batch.
        await using var nodeA = world.OpenNode(Options(analyzer, id =>
        {
            readByA.AddOrUpdate(id, 1, (_, n) => n + 1);
            if (Interlocked.Increment(ref readsA) > 8)
            {
                frozen.Wait();
            }
        }), new FakeTimeProvider(world.Time.GetUtcNow()));
        var lost = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var failures = new ConcurrentBag<Exception>();
        using var stopA = new CancellationTokenSource();
        var workerA = Task.Run(() => Worker(nodeA, "node-a", failures, lost).RunAsync(stopA.Token));
        await WaitUntilAsync(() => Volatile.Read(ref readsA) > 8);
        Assert.Equal((DreamStatus.Running, 8), await StatusAsync(world, dream.Id));

        // While its lease runs, nobody else may take the dream.
        var early = world.Time.GetUtcNow() + Lease - TimeSpan.FromSeconds(1);
        Assert.Null(await world.Engine.Storage.WriteAsync(tx => tx.ClaimNextDream("node-b", early, early + Lease), CancellationToken.None));

        // Once it has ended, node B's worker takes the dream up where A's last recorded batch left it, and finishes it.
        world.Time.Advance(Lease + TimeSpan.FromSeconds(1));
        using var stopB = new CancellationTokenSource();
        var workerB = Task.Run(() => Worker(world.Engine, "node-b", failures).RunAsync(stopB.Token));
        var done = await WaitForAsync(world, dream.Id, DreamStatus.Completed);
        Assert.Equal("node-b", (await LeaseAsync(world, dream.Id))?.Holder);

        // Node A wakes: its batch's write finds the lease taken, and it writes nothing.
        frozen.Set();
        Assert.IsType<DreamLeaseLostException>(await lost.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        await stopA.CancelAsync();
        await stopB.CancelAsync();
        await Task.WhenAll(workerA, workerB);
        var after = await world.Dreams.GetAsync(world.Admin, dream.Id, CancellationToken.None);
        Assert.Equal(done, after with { Selection = done.Selection, Effects = done.Effects, InstructionsRead = done.InstructionsRead });

        Assert.Empty(failures);
        Assert.Equal(sessions.Take(12).Order(StringComparer.Ordinal), readByA.Keys.Order(StringComparer.Ordinal)); // two recorded batches, and the one lost
        Assert.Equal(sessions.Skip(8).Order(StringComparer.Ordinal), readByB.Keys.Order(StringComparer.Ordinal)); // everything not recorded
        Assert.All(readByB.Values, n => Assert.Equal(1, n));
        Assert.All(analyzer.SessionsAnalyzed.Values, n => Assert.Equal(1, n));
        await AssertAsUninterruptedAsync(world, done, expected, expectedProposals);
    }

    [Fact]
    public async Task A_node_that_wakes_after_its_dream_was_taken_over_finds_its_renewal_refused_and_stops_without_writing()
    {
        var fleet = new HashSet<int>(Enumerable.Range(1, 24));
        var (expected, expectedProposals) = await UninterruptedAsync(fleet);

        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hung = new ScriptedAnalyzer(new DreamUsage(10, 1, 0, 0))
        {
            // Node A's third model call hangs until its run is stopped.
            Before = async (call, _, token) =>
            {
                if (call == 3)
                {
                    entered.TrySetResult();
                    await Task.Delay(Timeout.Infinite, token);
                }
            },
        };
        var analyzer = new ScriptedAnalyzer(new DreamUsage(10, 1, 0, 0));
        await using var world = await DreamWorld.StartAsync(Options(analyzer));
        var sessions = await world.FleetAsync(24, fleet);
        var dream = await world.Dreams.CreateAsync(world.Admin, world.Request(sessions), CancellationToken.None);
        var clockA = new FakeTimeProvider(world.Time.GetUtcNow());
        await using var nodeA = world.OpenNode(Options(hung), clockA);
        var lost = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var failures = new ConcurrentBag<Exception>();
        using var stopA = new CancellationTokenSource();
        var workerA = Task.Run(() => Worker(nodeA, "node-a", failures, lost).RunAsync(stopA.Token));
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Node A's clock stands still (a node paused, say, by its host) while the lease ends on node B's.
        world.Time.Advance(Lease + TimeSpan.FromSeconds(1));
        using var stopB = new CancellationTokenSource();
        var workerB = Task.Run(() => Worker(world.Engine, "node-b", failures).RunAsync(stopB.Token));
        var done = await WaitForAsync(world, dream.Id, DreamStatus.Completed);

        // Node A resumes: its heartbeat's renewal is refused, which stops its run before the model call returns.
        clockA.Advance(Lease / 3);
        Assert.IsAssignableFrom<OperationCanceledException>(await lost.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(await world.Engine.Storage.WriteAsync(tx => tx.RenewDreamLease(dream.Id, "node-a", clockA.GetUtcNow() + Lease), CancellationToken.None));
        await stopA.CancelAsync();
        await stopB.CancelAsync();
        await Task.WhenAll(workerA, workerB);

        Assert.Empty(failures);
        Assert.Equal("node-b", (await LeaseAsync(world, dream.Id))?.Holder);
        Assert.Equal(2, hung.Batches.Count); // A's two recorded batches; the hung one returned nothing
        Assert.Equal(4, analyzer.Batches.Count); // B read the rest, each session once
        Assert.Empty(hung.SessionsAnalyzed.Keys.Intersect(analyzer.SessionsAnalyzed.Keys));
        Assert.All(analyzer.SessionsAnalyzed.Values, n => Assert.Equal(1, n));
        await AssertAsUninterruptedAsync(world, done, expected, expectedProposals);
    }

    [Fact]
    public async Task The_heartbeat_keeps_a_dream_through_a_model_call_longer_than_the_lease()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new ScriptedAnalyzer(new DreamUsage(10, 1, 0, 0))
        {
            Before = async (call, _, token) =>
            {
                if (call == 1)
                {
                    entered.TrySetResult();
                    await release.Task.WaitAsync(token);
                }
            },
        };
        var readByB = 0;
        await using var world = await DreamWorld.StartAsync(Options(slow));
        await using var nodeB = world.OpenNode(Options(slow, _ => Interlocked.Increment(ref readByB)));
        var sessions = await world.FleetAsync(8, new HashSet<int>(Enumerable.Range(1, 8)));
        var dream = await world.Dreams.CreateAsync(world.Admin, world.Request(sessions), CancellationToken.None);
        var failures = new ConcurrentBag<Exception>();
        using var stop = new CancellationTokenSource();
        var workerA = Task.Run(() => Worker(world.Engine, "node-a", failures).RunAsync(stop.Token));
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var workerB = Task.Run(() => Worker(nodeB, "node-b", failures).RunAsync(stop.Token));

        // Twice the lease passes during the call, a third of it at a time; B looks for work every five seconds.
        for (var step = 0; step < 6; step++)
        {
            world.Time.Advance(Lease / 3);
            var now = world.Time.GetUtcNow();
            DreamLease? held = null;
            await WaitUntilAsync(async () => (held = await LeaseAsync(world, dream.Id)) is not null && held.Until >= now + Lease / 3 * 2,
                () => $"step {step}: at {now:O} the lease is {held}");
        }

        release.SetResult();
        var done = await WaitForAsync(world, dream.Id, DreamStatus.Completed);
        await stop.CancelAsync();
        await Task.WhenAll(workerA, workerB);

        Assert.Empty(failures);
        Assert.Equal("node-a", (await LeaseAsync(world, dream.Id))?.Holder);
        Assert.Equal(0, Volatile.Read(ref readByB));
        Assert.Equal(8, done.Progress.SessionsAnalyzed);
    }

    [Fact]
    public async Task A_stopped_worker_releases_its_dream_so_another_takes_it_up_at_once()
    {
        using var stopped = new CancellationTokenSource();
        var readByA = 0;
        await using var world = await DreamWorld.StartAsync(new DreamOptions { SessionsPerAnalysisBatch = 2 });
        await using var nodeA = world.OpenNode(new DreamOptions
        {
            SessionsPerAnalysisBatch = 2,
            SessionRead = _ =>
            {
                if (Interlocked.Increment(ref readByA) == 4)
                {
                    stopped.Cancel(); // a shutdown in the second batch
                }
            },
        });
        var sessions = await world.FleetAsync(8, new HashSet<int>(Enumerable.Range(1, 8)));
        var dream = await world.Dreams.CreateAsync(world.Admin, world.Request(sessions), CancellationToken.None);
        var failures = new ConcurrentBag<Exception>();

        await Worker(nodeA, "node-a", failures).RunAsync(stopped.Token);
        Assert.Equal(DreamStatus.Running, (await StatusAsync(world, dream.Id)).Status);
        Assert.Null(await LeaseAsync(world, dream.Id));

        using var stop = new CancellationTokenSource();
        var workerB = Task.Run(() => Worker(world.Engine, "node-b", failures).RunAsync(stop.Token)); // no clock moves
        var done = await WaitForAsync(world, dream.Id, DreamStatus.Completed);
        await stop.CancelAsync();
        await workerB;

        Assert.Empty(failures);
        Assert.Equal(8, done.Progress.SessionsAnalyzed);
        Assert.Equal("node-b", (await LeaseAsync(world, dream.Id))?.Holder);
    }

    [Fact]
    public async Task A_foreground_run_holds_its_dream_so_no_worker_takes_it_and_releases_it_when_stopped()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new ScriptedAnalyzer(new DreamUsage(10, 1, 0, 0))
        {
            Before = async (call, _, token) =>
            {
                if (call == 1)
                {
                    entered.TrySetResult();
                    await release.Task.WaitAsync(token);
                }
            },
        };
        var readByWorker = 0;
        await using var world = await DreamWorld.StartAsync(Options(slow));
        await using var node = world.OpenNode(Options(slow, _ => Interlocked.Increment(ref readByWorker)));
        var sessions = await world.FleetAsync(8, new HashSet<int>(Enumerable.Range(1, 8)));
        var dream = await world.Dreams.CreateAsync(world.Admin, world.Request(sessions), CancellationToken.None);

        // Stopped in its model call: the dream stays running, its lease released, and a worker takes it up at once.
        using (var stop = new CancellationTokenSource())
        {
            var foreground = world.Engine.DreamRunner.RunAsync(dream.Id, null, stop.Token);
            await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var held = await LeaseAsync(world, dream.Id);
            Assert.NotNull(held);
            var now = world.Time.GetUtcNow();
            Assert.Null(await world.Engine.Storage.WriteAsync(tx => tx.ClaimNextDream("node-b", now, now + Lease), CancellationToken.None));
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => foreground);
        }

        Assert.Null(await LeaseAsync(world, dream.Id));
        release.SetResult();
        var failures = new ConcurrentBag<Exception>();
        using var stopWorker = new CancellationTokenSource();
        var worker = Task.Run(() => Worker(node, "node-b", failures).RunAsync(stopWorker.Token));
        var done = await WaitForAsync(world, dream.Id, DreamStatus.Completed);
        await stopWorker.CancelAsync();
        await worker;

        Assert.Empty(failures);
        Assert.Equal(0, Volatile.Read(ref readByWorker)); // the foreground run had recorded the signal pass
        Assert.Equal(8, done.Progress.SessionsAnalyzed);
        Assert.Equal(new DreamUsage(20, 2, 0, 0), done.Usage); // two model batches, counted once; the stopped call was not recorded
    }

    private static DreamOptions Options(ScriptedAnalyzer analyzer, Action<string>? read = null) => new()
    {
        Analyzers = _ => analyzer, BatchSessions = 4, Concurrency = 1, SessionsPerAnalysisBatch = 4, SessionRead = read,
    };

    private static DreamWorker Worker(EngramEngine engine, string id, ConcurrentBag<Exception> failures, TaskCompletionSource<Exception>? lost = null) =>
        new(engine, new DreamWorkerOptions
        {
            WorkerId = id,
            Failed = (_, e) => failures.Add(e),
            ClaimFailed = failures.Add,
            LeaseLost = (_, e) =>
            {
                if (lost is null || !lost.TrySetResult(e))
                {
                    failures.Add(e);
                }
            },
        });

    /// <summary>The same dream over the same fleet, run once without a stop: what a taken-over run must match.</summary>
    private static async Task<(Dream Dream, IReadOnlyList<Proposal> Proposals)> UninterruptedAsync(IReadOnlySet<int> fleet)
    {
        await using var world = await DreamWorld.StartAsync(Options(new ScriptedAnalyzer(new DreamUsage(10, 1, 0, 0))));
        var dream = await world.CreateAndRunAsync(world.Request(await world.FleetAsync(24, fleet)));
        return (dream, (await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(DreamId: dream.Id), CancellationToken.None)).Data);
    }

    private static async Task AssertAsUninterruptedAsync(DreamWorld world, Dream done, Dream expected, IReadOnlyList<Proposal> expectedProposals)
    {
        Assert.Equal(DreamStatus.Completed, done.Status);
        Assert.Equal(expected.Progress, done.Progress);
        Assert.Equal(expected.Usage, done.Usage);
        Assert.Equal(new DreamUsage(60, 6, 0, 0), done.Usage); // six model batches, each counted once
        Assert.Equal(expected.Analysis, done.Analysis);
        var proposals = (await world.Engine.Review.ListAsync(world.Admin, world.StoreId, new ProposalListQuery(DreamId: done.Id), CancellationToken.None)).Data;
        Assert.Equal(done.Progress.Proposals, proposals.Count);
        static IEnumerable<(string, string, int, int, string?)> Shape(IEnumerable<Proposal> list) =>
            list.Select(p => (p.Origin!.Kind, p.Origin.Signature, p.Origin.Statistics.Sessions, p.Origin.Statistics.SessionsRead, p.Content)).Order();
        Assert.Equal(Shape(expectedProposals), Shape(proposals));
    }

    private static Task<DreamLease?> LeaseAsync(DreamWorld world, string dreamId) =>
        world.Engine.Storage.WriteAsync(tx => tx.GetDreamLease(dreamId), CancellationToken.None);

    private static async Task<(DreamStatus Status, int Analyzed)> StatusAsync(DreamWorld world, string dreamId) =>
        await world.Dreams.GetAsync(world.Admin, dreamId, CancellationToken.None) is var d ? (d.Status, d.Progress.SessionsAnalyzed) : default;

    /// <summary>Waits for a dream to reach a status; the bound only keeps a broken worker from hanging the run.</summary>
    private static async Task<Dream> WaitForAsync(DreamWorld world, string dreamId, DreamStatus status)
    {
        for (var i = 0; i < 3_000; i++)
        {
            var dream = await world.Dreams.GetAsync(world.Admin, dreamId, CancellationToken.None);
            if (dream.Status == status)
            {
                return dream;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"dream {dreamId} did not become {status}");
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    /// <summary>Waits for a condition; the bound only keeps a broken worker from hanging the run.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string>? describe = null)
    {
        for (var i = 0; i < 3_000; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail(describe?.Invoke() ?? "the condition did not come true in time");
    }
}
