using System.Diagnostics;

namespace Engram.Bench;

/// <summary>Runs a body from N concurrent workers for a fixed time and reports operations per second.</summary>
internal static class Measure
{
    public static async Task<double> OpsPerSecondAsync(int workers, TimeSpan duration, Func<int, Func<Task>> makeWorker)
    {
        var operations = 0L;
        var stopwatch = Stopwatch.StartNew();
        var deadline = stopwatch.Elapsed + duration;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var operation = makeWorker(worker);
            while (stopwatch.Elapsed < deadline)
            {
                await operation();
                Interlocked.Increment(ref operations);
            }
        })));
        return operations / stopwatch.Elapsed.TotalSeconds;
    }
}
