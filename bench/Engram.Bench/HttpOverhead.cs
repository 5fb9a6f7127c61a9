using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Engram.Access;
using Engram.Memories;
using Engram.Server;
using Engram.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Engram.Bench;

/// <summary>
/// Requests per second and p50/p99 latency for retrieve, list and conditional update, with 1 and 16
/// concurrent clients, over loopback HTTP against the real server and in-process against the library,
/// in one process: the ratio is the cost of the HTTP layer.
/// </summary>
internal static class HttpOverhead
{
    private const int ListedMemories = 1_000;

    public static async Task RunAsync(TimeSpan duration)
    {
        var root = Path.Combine(Path.GetTempPath(), "engram-bench-http-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (data, _) = DataDirectory.Initialize(root, TimeProvider.System, "bench");
            await using var engine = new EngramEngine(data.OpenStorage());
            var admin = await engine.Access.BootstrapAsync(data.Manifest.LocalUserId, "bench", CancellationToken.None);
            var caller = await engine.Access.AuthenticateAsync(admin.Secret, CancellationToken.None);
            await using var app = EngramServer.Build(engine, new ServerOptions { Urls = ["http://127.0.0.1:0"], RateLimitPerSecond = 0 }, logging => logging.ClearProviders());
            await app.StartAsync();
            var url = app.Urls.First();

            var store = await engine.Memories.CreateStoreAsync(caller, new CreateStoreRequest("bench"), CancellationToken.None);
            var body = new string('x', 1000);
            for (var i = 0; i < ListedMemories; i++)
            {
                await engine.Memories.CreateMemoryAsync(caller, store.Id, new CreateMemoryRequest($"/list/{i:D4}.md", body), CancellationToken.None);
            }

            var target = (await engine.Memories.CreateMemoryAsync(caller, store.Id, new CreateMemoryRequest("/read/target.md", body), CancellationToken.None)).Value;
            var writers = new Memory[16];
            for (var w = 0; w < writers.Length; w++)
            {
                writers[w] = (await engine.Memories.CreateMemoryAsync(caller, store.Id, new CreateMemoryRequest($"/write/{w}.md", body + "0"), CancellationToken.None)).Value;
            }

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(url) };
            http.DefaultRequestHeaders.Add("x-api-key", admin.Secret);
            var memories = engine.Memories;
            var counters = new long[16];

            Console.WriteLine($"HTTP overhead, {duration.TotalSeconds:0} s per case, {Environment.ProcessorCount} cores, server and clients in one process over loopback");
            Console.WriteLine("(request logging off in the server: this measures the HTTP stack, not console output)");
            var rows = new List<(string Operation, int Clients, Result Http, Result InProcess)>();
            foreach (var clients in new[] { 1, 16 })
            {
                rows.Add(("retrieve (full view, 1 KB)", clients,
                    await RunCaseAsync(clients, duration, _ => async () =>
                    {
                        using var response = await http.GetAsync($"v1/memory_stores/{store.Id}/memories/{target.Id}");
                        response.EnsureSuccessStatusCode();
                        await response.Content.ReadAsByteArrayAsync();
                    }),
                    await RunCaseAsync(clients, duration, _ => () => memories.GetMemoryAsync(caller, store.Id, target.Id, MemoryView.Full, CancellationToken.None))));

                rows.Add(("list (20 of 1,000, basic view)", clients,
                    await RunCaseAsync(clients, duration, _ => async () =>
                    {
                        using var response = await http.GetAsync($"v1/memory_stores/{store.Id}/memories?path_prefix=/list/&limit=20");
                        response.EnsureSuccessStatusCode();
                        await response.Content.ReadAsByteArrayAsync();
                    }),
                    await RunCaseAsync(clients, duration, _ => () => memories.ListMemoriesAsync(caller, store.Id, new MemoryListQuery("/list/", Limit: 20), CancellationToken.None))));

                rows.Add(("conditional update (1 KB, Durability.Full)", clients,
                    await RunCaseAsync(clients, duration, worker => async () =>
                    {
                        var head = writers[worker];
                        var content = body + Interlocked.Increment(ref counters[worker]).ToString(CultureInfo.InvariantCulture);
                        using var response = await http.PostAsJsonAsync(
                            $"v1/memory_stores/{store.Id}/memories/{head.Id}",
                            new { content, precondition = new { type = "content_sha256", content_sha256 = head.ContentSha256 } });
                        response.EnsureSuccessStatusCode();
                        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
                        writers[worker] = head with { ContentSha256 = json.GetProperty("content_sha256").GetString()! };
                    }),
                    await RunCaseAsync(clients, duration, worker => async () =>
                    {
                        var head = writers[worker];
                        var content = body + Interlocked.Increment(ref counters[worker]).ToString(CultureInfo.InvariantCulture);
                        writers[worker] = (await memories.UpdateMemoryAsync(caller, store.Id, head.Id, new UpdateMemoryRequest(content, ExpectedContentSha256: head.ContentSha256), CancellationToken.None)).Value;
                    })));
            }

            Console.WriteLine();
            Console.WriteLine("| operation | clients | HTTP req/s | HTTP p50 | HTTP p99 | in-process ops/s | in-process p50 | in-process p99 | HTTP / in-process throughput |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (operation, clients, overHttp, inProcess) in rows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {operation} | {clients} | {overHttp.PerSecond:N0} | {overHttp.P50Ms:0.00} ms | {overHttp.P99Ms:0.00} ms | {inProcess.PerSecond:N0} | {inProcess.P50Ms:0.000} ms | {inProcess.P99Ms:0.000} ms | {overHttp.PerSecond / inProcess.PerSecond:0.00}x |"));
            }

            var retrieve16 = rows.Single(r => r.Operation.StartsWith("retrieve", StringComparison.Ordinal) && r.Clients == 16).Http;
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Target: retrieve >= 5,000 req/s with p99 <= 10 ms. Measured (16 clients): {retrieve16.PerSecond:N0} req/s, p99 {retrieve16.P99Ms:0.00} ms."));
            await app.StopAsync();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed record Result(double PerSecond, double P50Ms, double P99Ms);

    private static async Task<Result> RunCaseAsync(int clients, TimeSpan duration, Func<int, Func<Task>> makeWorker)
    {
        // Warm up: JIT, connection pool, caches.
        var warm = makeWorker(0);
        for (var i = 0; i < 200; i++)
        {
            await warm();
        }

        var latencies = new List<long>[clients];
        var stopwatch = Stopwatch.StartNew();
        var deadline = duration;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<long>(100_000);
            var operation = makeWorker(worker);
            while (stopwatch.Elapsed < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                await operation();
                mine.Add(Stopwatch.GetTimestamp() - started);
            }
        })));
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(p * all.Length))] * 1000.0 / Stopwatch.Frequency;
        return new Result(all.Length / elapsed, Percentile(0.50), Percentile(0.99));
    }
}
