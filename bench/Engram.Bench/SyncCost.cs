using System.Diagnostics;
using Engram.Access;
using Engram.Client;
using Engram.Memories;
using Engram.Sqlite;
using Engram.Sync;

namespace Engram.Bench;

/// <summary>
/// Sync: the first checkout of a store beside writing the same files directly, and, in watch mode, the time
/// from saving a file to its committed version beside the same write made through the API.
/// </summary>
internal static class SyncCost
{
    private static readonly CancellationToken None = CancellationToken.None;

    public static async Task RunAsync(int count)
    {
        var root = Path.Combine(Path.GetTempPath(), "engram-bench-sync-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            await using var engine = new EngramEngine(SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(root, "engram.db"))));
            await engine.Access.BootstrapAsync("user_bench", "bench", None);
            var client = new LocalEngramClient(engine, Caller.LocalOperator("user_bench"));
            var store = (await client.CreateStoreAsync(new CreateStoreRequest("bench"))).Id;
            var generator = new SyntheticMemories(seed: 3);
            var memories = Enumerable.Range(0, count).Select(generator.Next).ToList();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var i = w; i < memories.Count; i += 8)
                {
                    await client.CreateMemoryAsync(store, new CreateMemoryRequest(memories[i].Path, memories[i].Content));
                }
            })));
            Console.WriteLine($"Sync cost, {Environment.ProcessorCount} cores, {count:N0} memories ({memories.Sum(m => (long)m.Content.Length) / 1048576.0:N0} MB)");

            var plain = Time(() =>
            {
                foreach (var (path, content) in memories)
                {
                    var file = Path.Combine(root, "plain", path.TrimStart('/'));
                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    File.WriteAllText(file, content);
                }
            });
            var checkout = Path.Combine(root, "checkout");
            var first = await TimeAsync(() => new StoreSync(client, store, checkout, stateHome: StateHome(checkout)).RunOnceAsync(None));
            var again = await TimeAsync(() => new StoreSync(client, store, checkout, stateHome: StateHome(checkout)).RunOnceAsync(None));
            Console.WriteLine();
            Console.WriteLine("| first checkout | time | per memory |");
            Console.WriteLine("|---|---:|---:|");
            Console.WriteLine(FormattableString.Invariant($"| write the same files directly (floor) | {plain / 1000:N2} s | {plain * 1000 / count:N0} µs |"));
            Console.WriteLine(FormattableString.Invariant($"| engram sync, first run (list, read each memory, atomic write, state) | {first / 1000:N2} s | {first * 1000 / count:N0} µs |"));
            Console.WriteLine(FormattableString.Invariant($"| engram sync, next run with nothing changed | {again / 1000:N2} s | {again * 1000 / count:N0} µs |"));

            await SaveToVersionAsync(client, store, checkout, memories);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The sync state beside the checkout (outside it), so a run leaves nothing in the user's state directory.</summary>
    private static string StateHome(string checkout) => checkout + "-state";

    private static async Task SaveToVersionAsync(IEngramClient client, string store, string checkout, List<(string Path, string Content)> memories)
    {
        const int Samples = 60;
        using var stop = new CancellationTokenSource();
        var watching = new StoreSync(client, store, checkout, stateHome: StateHome(checkout)).WatchAsync(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100), _ => { }, stop.Token);
        await Task.Delay(500);
        var viaSync = new List<double>();
        var viaApi = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            var (path, content) = memories[i * 7 % memories.Count];
            var text = $"{content}\nedit {i}\n";
            var started = Stopwatch.GetTimestamp();
            await File.WriteAllTextAsync(Path.Combine(checkout, path.TrimStart('/')), text);
            while ((await client.GetMemoryByPathAsync(store, path)).Content != text)
            {
                await Task.Delay(1);
            }

            viaSync.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await Task.Delay(300); // let the watcher settle before the next save

            var memory = await client.GetMemoryByPathAsync(store, path, MemoryView.Basic);
            viaApi.Add(await TimeAsync(() => client.UpdateMemoryAsync(store, memory.Id, new UpdateMemoryRequest($"{text}api {i}\n", ExpectedContentSha256: memory.ContentSha256))));
            await Task.Delay(300);
        }

        await stop.CancelAsync();
        try
        {
            await watching;
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine();
        Console.WriteLine($"| save to committed version ({Samples} saves) | p50 | p99 |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(FormattableString.Invariant($"| the same write through the API (floor: a durable write) | {Percentile(viaApi, 0.5):N1} ms | {Percentile(viaApi, 0.99):N1} ms |"));
        Console.WriteLine(FormattableString.Invariant($"| engram sync watching (file event, 100 ms of quiet, push) | {Percentile(viaSync, 0.5):N1} ms | {Percentile(viaSync, 0.99):N1} ms |"));
    }

    private static double Percentile(List<double> samples, double p)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static double Time(Action body)
    {
        var started = Stopwatch.GetTimestamp();
        body();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<double> TimeAsync(Func<Task> body)
    {
        var started = Stopwatch.GetTimestamp();
        await body();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
