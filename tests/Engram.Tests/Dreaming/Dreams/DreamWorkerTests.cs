using Engram.Dreaming.Dreams;

namespace Engram.Tests.Dreaming.Dreams;

public sealed class DreamWorkerTests
{
    [Fact]
    public async Task The_worker_resumes_a_running_dream_then_runs_pending_ones_as_they_are_created()
    {
        await using var world = await DreamWorld.StartAsync(new DreamOptions { SessionsPerAnalysisBatch = 2 });
        var sessions = await world.FleetAsync(6, new HashSet<int>([1, 2, 3, 4, 5, 6]));
        var left = await world.Dreams.CreateAsync(world.Admin, world.Request(sessions), CancellationToken.None);
        using (var stop = new CancellationTokenSource())
        {
            var progress = new DreamResumeTests.SyncProgress(p =>
            {
                if (p.SessionsAnalyzed >= 2)
                {
                    stop.Cancel();
                }
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => world.Engine.DreamRunner.RunAsync(left.Id, progress, stop.Token));
        }

        var failures = new List<Exception>();
        var told = new System.Collections.Concurrent.ConcurrentQueue<(string Event, Dream Dream)>();
        using var shutdown = new CancellationTokenSource();
        var worker = new DreamWorker(world.Engine, new DreamWorkerOptions
        {
            Failed = (_, e) => failures.Add(e),
            Claimed = d => told.Enqueue(("claimed", d)),
            Ended = d => told.Enqueue(("ended", d)),
            Released = id => failures.Add(new InvalidOperationException($"released {id}")),
        });
        var running = worker.RunAsync(shutdown.Token);
        var resumed = await WaitForAsync(world, left.Id, DreamStatus.Completed);
        var created = await world.Dreams.CreateAsync(world.Admin, world.Request(sessions), CancellationToken.None);
        var ran = await WaitForAsync(world, created.Id, DreamStatus.Completed);
        await shutdown.CancelAsync();
        await running;

        Assert.Equal(6, resumed.Progress.SessionsAnalyzed);
        Assert.Equal(1, resumed.Progress.Proposals);
        Assert.Equal(0, ran.Progress.Proposals); // the same pattern is pending from the first dream: it is not filed again
        var considered = (await world.Dreams.ListPatternsAsync(world.Admin, ran.Id, null, null, CancellationToken.None)).Data;
        Assert.Equal(("dropped", "already_proposed"), Assert.Single(considered, p => p.Signature == "tool_failure|missing_command|pytest") is var p ? (p.Decision, p.Reason) : default);
        Assert.Empty(failures);

        // The host is told what the worker claimed (the resumed dream where it was left) and how each run ended.
        Assert.Equal(
            [("claimed", left.Id), ("ended", left.Id), ("claimed", created.Id), ("ended", created.Id)],
            told.Select(t => (t.Event, t.Dream.Id)));
        var (_, claimedLeft) = told.First();
        Assert.Equal((DreamStatus.Running, "analyzing"), (claimedLeft.Status, claimedLeft.Progress.Stage));
        Assert.InRange(claimedLeft.Progress.SessionsAnalyzed, 2, 5);
        Assert.All(told.Where(t => t.Event == "ended"), t => Assert.Equal(DreamStatus.Completed, t.Dream.Status));
    }

    /// <summary>Waits for a dream to reach a status; the bound only keeps a broken worker from hanging the run.</summary>
    private static async Task<Dream> WaitForAsync(DreamWorld world, string dreamId, DreamStatus status)
    {
        for (var i = 0; i < 1_000; i++)
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
}
