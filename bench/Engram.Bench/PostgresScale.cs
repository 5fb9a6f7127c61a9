using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Engram.Access;
using Engram.Memories;
using Engram.Postgres;
using Engram.Search;
using Engram.Server;
using Engram.Sqlite;
using Engram.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Engram.Bench;

/// <summary>
/// PostgreSQL beside SQLite, in one run (bench/postgres.sh starts a throwaway cluster and passes it in
/// <c>ENGRAM_BENCH_POSTGRES</c>): durable conditional updates with 1 and 16 writers on PostgreSQL (one node, and two
/// nodes on one database) beside SQLite and the raw-file floor; HTTP retrieve and conditional update through two server
/// nodes on one database beside one; BM25 search at 100,000 memories on PostgreSQL beside SQLite. Every case gets a
/// fresh database. PostgreSQL runs on the same 2 cores and disk as the benchmark, so its figures include the server's CPU.
/// </summary>
internal static class PostgresScale
{
    private static readonly CancellationToken None = CancellationToken.None;

    public static async Task RunAsync(TimeSpan duration, int searchMemories)
    {
        var cluster = Environment.GetEnvironmentVariable("ENGRAM_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("ENGRAM_BENCH_POSTGRES is not set: run bench/postgres.sh, which starts a throwaway cluster");
        var root = Path.Combine(Path.GetTempPath(), "engram-bench-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            Console.WriteLine($"PostgreSQL beside SQLite, {duration.TotalSeconds:0} s per case, {Environment.ProcessorCount} cores (the database server shares them)");
            await WritesAsync(cluster, root, duration);
            await HttpAsync(cluster, duration);
            if (searchMemories > 0)
            {
                await SearchAsync(cluster, root, searchMemories);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task WritesAsync(string cluster, string root, TimeSpan duration)
    {
        var rows = new List<(string Case, int Writers, double OpsPerSecond)>();
        foreach (var writers in new[] { 1, 16 })
        {
            rows.Add(("file write + fsync + rename (floor)", writers, await RawFilesAsync(Path.Combine(root, $"raw{writers}"), writers, duration)));
            rows.Add(("SQLite, Durability.Full", writers, await UpdatesAsync([SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(root, $"sqlite{writers}", "engram.db")))], writers, duration)));
            await using (var database = await BenchDatabase.CreateAsync(cluster))
            {
                rows.Add(("PostgreSQL, one node", writers, await UpdatesAsync([await database.OpenAsync()], writers, duration)));
            }

            await using (var database = await BenchDatabase.CreateAsync(cluster))
            {
                rows.Add(("PostgreSQL, two nodes on one database", writers, await UpdatesAsync([await database.OpenAsync(), await database.OpenAsync()], writers, duration)));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| durable conditional update, 1 KB | writers | ops/s | / floor, same writers | / SQLite, same writers |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, writers, ops) in rows)
        {
            var floor = rows.Single(r => r.Writers == writers && r.Case.StartsWith("file", StringComparison.Ordinal)).OpsPerSecond;
            var sqlite = rows.Single(r => r.Writers == writers && r.Case.StartsWith("SQLite", StringComparison.Ordinal)).OpsPerSecond;
            Console.WriteLine(Invariant($"| {name} | {writers} | {ops:N0} | {ops / floor:0.00}x | {ops / sqlite:0.00}x |"));
        }
    }

    /// <summary>Each writer updates its own memory with a content precondition; the writers are spread over the nodes (engines) given.</summary>
    private static async Task<double> UpdatesAsync(IEngramStorage[] nodes, int writers, TimeSpan duration)
    {
        var engines = nodes.Select(storage => new EngramEngine(storage)).ToArray();
        try
        {
            var caller = new Caller(Actor.User("user_bench"));
            var store = await engines[0].Memories.CreateStoreAsync(caller, new CreateStoreRequest("bench"), None);
            var heads = new Memory[writers];
            for (var w = 0; w < writers; w++)
            {
                heads[w] = (await engines[0].Memories.CreateMemoryAsync(caller, store.Id, new CreateMemoryRequest($"/workers/w{w}.md", Body(w, 0)), None)).Value;
            }

            return await Measure.OpsPerSecondAsync(writers, duration, worker =>
            {
                var n = 1L;
                var engine = engines[worker % engines.Length];
                return async () =>
                {
                    var head = heads[worker];
                    heads[worker] = (await engine.Memories.UpdateMemoryAsync(
                        caller, store.Id, head.Id, new UpdateMemoryRequest(Body(worker, n++), ExpectedContentSha256: head.ContentSha256), None)).Value;
                };
            });
        }
        finally
        {
            foreach (var engine in engines)
            {
                await engine.DisposeAsync();
            }
        }
    }

    private static async Task HttpAsync(string cluster, TimeSpan duration)
    {
        Console.WriteLine();
        Console.WriteLine("| HTTP, 16 clients, PostgreSQL | nodes | req/s | p50 | p99 | two nodes / one |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var results = new Dictionary<(string, int), (double PerSecond, double P50, double P99)>();
        foreach (var nodes in new[] { 1, 2 })
        {
            await using var database = await BenchDatabase.CreateAsync(cluster);
            var engines = new List<EngramEngine>();
            var apps = new List<WebApplication>();
            try
            {
                for (var i = 0; i < nodes; i++)
                {
                    var engine = new EngramEngine(await database.OpenAsync());
                    engines.Add(engine);
                    var app = EngramServer.Build(engine, new ServerOptions { Urls = ["http://127.0.0.1:0"], RateLimitPerSecond = 0 }, logging => logging.ClearProviders());
                    await app.StartAsync();
                    apps.Add(app);
                }

                var admin = await engines[0].Access.BootstrapAsync("user_bench", "bench", None);
                var caller = await engines[0].Access.AuthenticateAsync(admin.Secret, None);
                var store = await engines[0].Memories.CreateStoreAsync(caller, new CreateStoreRequest("bench"), None);
                var body = new string('x', 1000);
                var target = (await engines[0].Memories.CreateMemoryAsync(caller, store.Id, new CreateMemoryRequest("/read/target.md", body), None)).Value;
                var heads = new string[16];
                var ids = new string[16];
                for (var w = 0; w < 16; w++)
                {
                    var memory = (await engines[0].Memories.CreateMemoryAsync(caller, store.Id, new CreateMemoryRequest($"/write/{w}.md", body + "0"), None)).Value;
                    (ids[w], heads[w]) = (memory.Id, memory.ContentSha256);
                }

                var clients = apps.Select(app =>
                {
                    var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(app.Urls.First()) };
                    http.DefaultRequestHeaders.Add("x-api-key", admin.Secret);
                    return http;
                }).ToArray();
                var counters = new long[16];
                results[("retrieve", nodes)] = await LatencyAsync(16, duration, worker => async () =>
                {
                    using var response = await clients[worker % clients.Length].GetAsync($"v1/memory_stores/{store.Id}/memories/{target.Id}");
                    response.EnsureSuccessStatusCode();
                    await response.Content.ReadAsByteArrayAsync();
                });
                results[("update", nodes)] = await LatencyAsync(16, duration, worker => async () =>
                {
                    var content = body + Interlocked.Increment(ref counters[worker]).ToString(CultureInfo.InvariantCulture);
                    using var response = await clients[worker % clients.Length].PostAsJsonAsync(
                        $"v1/memory_stores/{store.Id}/memories/{ids[worker]}",
                        new { content, precondition = new { type = "content_sha256", content_sha256 = heads[worker] } });
                    response.EnsureSuccessStatusCode();
                    heads[worker] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("content_sha256").GetString()!;
                });
                foreach (var client in clients)
                {
                    client.Dispose();
                }
            }
            finally
            {
                foreach (var app in apps)
                {
                    await app.StopAsync();
                    await app.DisposeAsync();
                }

                foreach (var engine in engines)
                {
                    await engine.DisposeAsync();
                }
            }
        }

        foreach (var operation in new[] { "retrieve", "update" })
        {
            foreach (var nodes in new[] { 1, 2 })
            {
                var (perSecond, p50, p99) = results[(operation, nodes)];
                var ratio = nodes == 2 ? Invariant($"{perSecond / results[(operation, 1)].PerSecond:0.00}x") : "";
                Console.WriteLine(Invariant($"| {(operation == "retrieve" ? "retrieve 1 KB" : "conditional update 1 KB")} | {nodes} | {perSecond:N0} | {p50:0.00} ms | {p99:0.00} ms | {ratio} |"));
            }
        }
    }

    private static async Task SearchAsync(string cluster, string root, int count)
    {
        var generator = new SyntheticMemories(seed: 42);
        var memories = Enumerable.Range(0, count).Select(generator.Next).ToList();
        var queries = new (string Class, string[] Queries)[]
        {
            ("rare (error code)", generator.RareTerms.Take(30).ToArray()),
            ("common (single word)", SyntheticMemories.CommonTerms.Take(30).ToArray()),
            ("common (two words)", SyntheticMemories.CommonTerms.Take(30).Select((w, i) => $"{w} {SyntheticMemories.CommonTerms[(i * 7 + 3) % 40]}").ToArray()),
            ("phrase", SyntheticMemories.Phrases.Select(p => $"\"{p}\"").ToArray()),
        };

        var table = new List<string>();
        await using var database = await BenchDatabase.CreateAsync(cluster);
        foreach (var backend in new[] { "SQLite", "PostgreSQL" })
        {
            IEngramStorage storage = backend == "SQLite"
                ? SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(root, "search", "engram.db")))
                : await database.OpenAsync();
            await using var engine = new EngramEngine(storage);
            var admin = Caller.LocalOperator("user_bench");
            await engine.Access.BootstrapAsync("user_bench", "bench", None);
            var store = (await engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("bench"), None)).Id;
            var written = await TimeAsync(() => Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
            {
                for (var i = worker; i < memories.Count; i += 8)
                {
                    await engine.Memories.CreateMemoryAsync(admin, store, new CreateMemoryRequest(memories[i].Path, memories[i].Content), None);
                }
            }))));
            var indexed = await TimeAsync(() => engine.Indexer.DrainAsync(store, None));
            table.Add(Invariant($"| {backend} | write {count:N0} memories (8 writers) | {written / 1000:0.0} s | |"));
            table.Add(Invariant($"| {backend} | build the full-text index | {indexed / 1000:0.0} s | |"));
            foreach (var (name, texts) in queries)
            {
                var samples = new List<double>();
                foreach (var text in texts)
                {
                    await engine.Search.SearchAsync(admin, store, new SearchRequest(text, SearchMode.Keyword, Limit: 10), None);
                    for (var run = 0; run < 5; run++)
                    {
                        samples.Add(await TimeAsync(() => engine.Search.SearchAsync(admin, store, new SearchRequest(text, SearchMode.Keyword, Limit: 10), None)));
                    }
                }

                table.Add(Invariant($"| {backend} | BM25 top 10, {name} | {Percentile(samples, 0.5):0.00} ms | {Percentile(samples, 0.99):0.00} ms |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"| search at {count:N0} memories | what | p50 (or time) | p99 |"));
        Console.WriteLine("|---|---|---:|---:|");
        table.ForEach(Console.WriteLine);
    }

    private static async Task<double> RawFilesAsync(string directory, int writers, TimeSpan duration)
    {
        Directory.CreateDirectory(directory);
        return await Measure.OpsPerSecondAsync(writers, duration, worker =>
        {
            var n = 0L;
            var target = Path.Combine(directory, $"w{worker}.md");
            var temporary = target + ".tmp";
            return () =>
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(Body(worker, n++));
                using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    file.Write(bytes);
                    file.Flush(flushToDisk: true);
                }

                File.Move(temporary, target, overwrite: true);
                return Task.CompletedTask;
            };
        });
    }

    private static async Task<(double PerSecond, double P50, double P99)> LatencyAsync(int clients, TimeSpan duration, Func<int, Func<Task>> makeWorker)
    {
        var warm = makeWorker(0);
        for (var i = 0; i < 100; i++)
        {
            await warm();
        }

        var samples = new List<double>[clients];
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(worker => Task.Run(async () =>
        {
            var mine = samples[worker] = [];
            var operation = makeWorker(worker);
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                await operation();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        var all = samples.SelectMany(s => s).ToList();
        return (all.Count / stopwatch.Elapsed.TotalSeconds, Percentile(all, 0.5), Percentile(all, 0.99));
    }

    private static string Body(int worker, long n) => Invariant($"# Worker {worker}\n\nWrite number {n}. The deploy runbook was checked.\n{new string('-', 900)}\n");

    private static async Task<double> TimeAsync(Func<Task> body)
    {
        var started = Stopwatch.GetTimestamp();
        await body();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Percentile(List<double> samples, double p)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = samples.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A fresh database on the benchmark's cluster, dropped afterwards.</summary>
    private sealed class BenchDatabase(string cluster, string connectionString, string name) : IAsyncDisposable
    {
        public static async Task<BenchDatabase> CreateAsync(string cluster)
        {
            var name = "engram_bench_" + Guid.NewGuid().ToString("N")[..12];
            await using (var connection = new NpgsqlConnection(cluster))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'", connection);
                await command.ExecuteNonQueryAsync();
            }

            return new BenchDatabase(cluster, new NpgsqlConnectionStringBuilder(cluster) { Database = name, MaxPoolSize = 64 }.ConnectionString, name);
        }

        public Task<PostgresStorage> OpenAsync() => PostgresStorage.OpenAsync(new PostgresStorageOptions(connectionString));

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(cluster);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
