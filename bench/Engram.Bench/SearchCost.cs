using System.Diagnostics;
using System.Globalization;
using Engram.Access;
using Engram.Memories;
using Engram.Search;
using Engram.Semantic;
using Engram.Sqlite;

namespace Engram.Bench;

/// <summary>
/// Search at scale: generated memories written through the engine and indexed; BM25 latency for rare, common
/// and phrase queries beside ripgrep over the same files checked out to a directory; one incremental update;
/// hybrid search over a store with semantic search on; the memory section of a 10,000-memory store.
/// </summary>
internal static class SearchCost
{
    private static readonly CancellationToken None = CancellationToken.None;

    public static async Task RunAsync(int count, int semanticCount, bool vectorsOnly)
    {
        var root = Path.Combine(Path.GetTempPath(), "engram-bench-search-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        using var real = new MiniLmEmbedder();
        var model = new StandInEmbedder(real);
        try
        {
            await using var engine = new EngramEngine(
                SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(root, "engram.db")) { Durability = Durability.Normal }), embedder: model);
            await engine.Access.BootstrapAsync("user_bench", "bench", None);
            var admin = Caller.LocalOperator("user_bench");
            Console.WriteLine($"Search cost, {Environment.ProcessorCount} cores, {count:N0} memories");

            var generator = new SyntheticMemories(seed: 42);
            var memories = Enumerable.Range(0, count).Select(generator.Next).ToList();
            Console.WriteLine($"corpus: {memories.Sum(m => (long)m.Content.Length) / 1024.0 / 1024.0:N0} MB, {memories.Min(m => m.Content.Length):N0}-{memories.Max(m => m.Content.Length):N0} characters per memory");

            var store = (await engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("bench"), None)).Id;
            var written = await TimeAsync(() => WriteAllAsync(engine, admin, store, memories));
            var indexed = await TimeAsync(() => engine.Indexer.DrainAsync(store, None));
            if (vectorsOnly)
            {
                await VectorsAtScaleAsync(engine, admin, store, memories, model);
                return;
            }

            Console.WriteLine();
            Console.WriteLine("| build | time | per memory |");
            Console.WriteLine("|---|---:|---:|");
            Row($"write {count:N0} memories (8 writers)", written, count);
            Row($"full-text index build ({count:N0} memories)", indexed, count);

            var checkout = Path.Combine(root, "checkout");
            foreach (var (path, content) in memories)
            {
                var file = Path.Combine(checkout, path.TrimStart('/'));
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await File.WriteAllTextAsync(file, content);
            }

            await KeywordAsync(engine, admin, store, checkout, generator);
            await IncrementalAsync(engine, admin, store, memories);
            await VectorsAtScaleAsync(engine, admin, store, memories, model);
            if (semanticCount > 0)
            {
                await HybridAsync(engine, admin, memories.Take(semanticCount).ToList());
            }

            await ContextAsync(engine, admin, memories.Take(10_000).ToList());
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("ENGRAM_BENCH_KEEP") is null)
            {
                Directory.Delete(root, recursive: true);
            }
            else
            {
                Console.WriteLine($"kept {root}");
            }
        }
    }

    private static async Task KeywordAsync(EngramEngine engine, Caller admin, string store, string checkout, SyntheticMemories generator)
    {
        var queries = new (string Class, string[] Queries)[]
        {
            ("rare (error code)", generator.RareTerms.Take(30).ToArray()),
            ("common (single word)", SyntheticMemories.CommonTerms.Take(30).ToArray()),
            ("common (two words)", SyntheticMemories.CommonTerms.Take(30).Select((w, i) => $"{w} {SyntheticMemories.CommonTerms[(i * 7 + 3) % 40]}").ToArray()),
            ("phrase", SyntheticMemories.Phrases.Select(p => $"\"{p}\"").ToArray()),
        };
        var rg = RipgrepPath();
        Console.WriteLine();
        Console.WriteLine("| BM25 query, top 10 | matches (median) | Engram p50 | Engram p99 | ripgrep p50 | ripgrep p99 | ripgrep / Engram at p50 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, texts) in queries)
        {
            var ours = new List<double>();
            var matches = new List<int>();
            foreach (var text in texts)
            {
                await engine.Search.SearchAsync(admin, store, new SearchRequest(text, SearchMode.Keyword, Limit: 10), None); // warm
                for (var run = 0; run < 10; run++)
                {
                    ours.Add(await TimeAsync(() => engine.Search.SearchAsync(admin, store, new SearchRequest(text, SearchMode.Keyword, Limit: 10), None)));
                }
            }

            var theirs = new List<double>();
            if (rg is not null)
            {
                Ripgrep(rg, texts[0], checkout); // warm the page cache
                foreach (var text in texts.Take(10))
                {
                    for (var run = 0; run < 3; run++)
                    {
                        var started = Stopwatch.GetTimestamp();
                        matches.Add(Ripgrep(rg, text, checkout));
                        theirs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
            }

            var (p50, p99) = (Percentile(ours, 0.50), Percentile(ours, 0.99));
            Console.WriteLine(rg is null
                ? Invariant($"| {name} | n/a | {p50:0.00} ms | {p99:0.00} ms | (rg not installed) | | |")
                : Invariant($"| {name} | {Percentile(matches.Select(m => (double)m).ToList(), 0.5):N0} | {p50:0.00} ms | {p99:0.00} ms | {Percentile(theirs, 0.50):0.0} ms | {Percentile(theirs, 0.99):0.0} ms | {Percentile(theirs, 0.50) / p50:0}x |"));
        }
    }

    private static async Task IncrementalAsync(EngramEngine engine, Caller admin, string store, List<(string Path, string Content)> memories)
    {
        var writes = new List<double>();
        var indexing = new List<double>();
        var random = new Random(3);
        for (var i = 0; i < 200; i++)
        {
            var (path, content) = memories[random.Next(memories.Count)];
            var memory = await engine.Memories.GetMemoryByPathAsync(admin, store, path, MemoryView.Basic, None);
            writes.Add(await TimeAsync(() => engine.Memories.UpdateMemoryAsync(admin, store, memory.Id, new UpdateMemoryRequest(Content: content + $"\nRevised {i}.\n"), None)));
            indexing.Add(await TimeAsync(() => engine.Indexer.DrainAsync(store, None)));
        }

        Console.WriteLine();
        Console.WriteLine("| one incremental update | p50 | p99 |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(Invariant($"| the write (acknowledged, durable) | {Percentile(writes, 0.5):0.00} ms | {Percentile(writes, 0.99):0.00} ms |"));
        Console.WriteLine(Invariant($"| re-indexing it (off the write's path) | {Percentile(indexing, 0.5):0.00} ms | {Percentile(indexing, 0.99):0.00} ms |"));
    }

    private static readonly string[] Questions =
    [
        "how do we roll back a bad release", "database failover steps", "what to do when the certificate expires", "who approves production changes",
        "reduce cloud cost", "flaky integration tests", "rotate secrets in the vault", "kafka consumer lag is growing", "page the on-call engineer", "slow queries on postgres",
    ];

    /// <summary>A store with semantic search on, embedded by the real model: build cost per memory, then query latency per mode.</summary>
    private static async Task HybridAsync(EngramEngine engine, Caller admin, List<(string Path, string Content)> memories)
    {
        var store = (await engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("semantic", "", new Dictionary<string, string> { [StoreSettings.SemanticKey] = "on" }), None)).Id;
        await WriteAllAsync(engine, admin, store, memories);
        await engine.Indexer.DrainAsync(store, None);
        var embedded = await TimeAsync(() => engine.Embeddings!.DrainAsync(None));
        Console.WriteLine();
        Console.WriteLine(Invariant($"| semantic store, {memories.Count:N0} memories, real vectors | p50 | p99 |"));
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(Invariant($"| embedding build (all-MiniLM-L6, local) | {embedded / 1000:0.0} s total | {embedded / memories.Count:0.0} ms per memory |"));
        await QueryModesAsync(engine, admin, store);
    }

    /// <summary>
    /// Semantic and hybrid search at 10,000 memories and at the full count, each way of scanning the vectors
    /// (exact floats, 8-bit codes, 8-bit codes in partitions) in the same run, with recall@10 of each against
    /// the exact scan. Embedding the stores with the real model would take hours on two cores, so their
    /// sections get stand-in vectors in the real model's space (averaged word vectors, see <see cref="StandInEmbedder"/>);
    /// every query is embedded by the real model.
    /// </summary>
    private static async Task VectorsAtScaleAsync(EngramEngine engine, Caller admin, string store, List<(string Path, string Content)> memories, StandInEmbedder model)
    {
        var queries = Questions.Concat(SyntheticMemories.CommonTerms.Take(40).Select((w, i) => $"{w} {SyntheticMemories.CommonTerms[(i * 7 + 3) % 40]} {SyntheticMemories.CommonTerms[(i * 11 + 5) % 40]}")).ToList();
        foreach (var size in memories.Count > 10_000 ? [10_000, memories.Count] : (int[])[memories.Count])
        {
            var target = store;
            if (size < memories.Count)
            {
                target = (await engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest($"vectors-{size}"), None)).Id;
                await WriteAllAsync(engine, admin, target, memories.Take(size).ToList());
                await engine.Indexer.DrainAsync(target, None);
            }

            model.Mode = StandInMode.Documents;
            var before = model.StandInCount;
            await engine.Memories.UpdateStoreAsync(admin, target, new UpdateStoreRequest(Metadata: new Dictionary<string, string?> { [StoreSettings.SemanticKey] = "on" }), None);
            var embedded = await TimeAsync(() => engine.Embeddings!.DrainAsync(None));
            model.Mode = StandInMode.Real;
            var vectors = model.StandInCount - before;
            Console.WriteLine();
            Console.WriteLine(Invariant($"{size:N0} memories, {vectors:N0} stand-in vectors (averaged word vectors of the real model; chunked, embedded and stored in {embedded / 1000:0.0} s); {queries.Count} queries x 3 embedded by the real model, top 10:"));
            Console.WriteLine();
            Console.WriteLine("| vectors scanned as | held | load | partitions | semantic p50 | semantic p99 | hybrid p50 | hybrid p99 | recall@10 vs exact |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            Dictionary<string, HashSet<string>>? exact = null;
            var keyword = new List<double>();
            foreach (var (scan, share) in ((VectorScan, int)[])[(VectorScan.Exact, 0), (VectorScan.Quantized, 0), (VectorScan.Partitioned, 16), (VectorScan.Partitioned, 8), (VectorScan.Partitioned, 4)])
            {
                VectorIndex.ProbeShare = Math.Max(share, 1);
                engine.Embeddings!.Scan = scan;
                VectorIndex index = null!;
                var load = await TimeAsync(async () => index = await engine.Embeddings.IndexAsync(target, None));
                var partition = await TimeAsync(() => index.Building);
                var (semantic, hybrid, found) = (new List<double>(), new List<double>(), new Dictionary<string, HashSet<string>>());
                await engine.Search.SearchAsync(admin, target, new SearchRequest(queries[0], SearchMode.Hybrid, Limit: 10), None); // warm
                for (var run = 0; run < 3; run++)
                {
                    foreach (var query in queries)
                    {
                        SearchPage page = null!;
                        semantic.Add(await TimeAsync(async () => page = await engine.Search.SearchAsync(admin, target, new SearchRequest(query, SearchMode.Semantic, Limit: 10), None)));
                        found[query] = page.Results.Select(r => r.MemoryId).ToHashSet();
                        hybrid.Add(await TimeAsync(() => engine.Search.SearchAsync(admin, target, new SearchRequest(query, SearchMode.Hybrid, Limit: 10), None)));
                        if (scan == VectorScan.Exact)
                        {
                            keyword.Add(await TimeAsync(() => engine.Search.SearchAsync(admin, target, new SearchRequest(query, SearchMode.Keyword, Limit: 10), None)));
                        }
                    }
                }

                exact ??= found;
                var recall = queries.Average(q => exact[q].Count == 0 ? 1.0 : (double)found[q].Intersect(exact[q]).Count() / exact[q].Count);
                var name = scan switch
                {
                    VectorScan.Exact => "floats, every one (exact)",
                    VectorScan.Quantized => "8-bit codes, every one, best 2x rescored",
                    _ => $"8-bit codes, nearest 1/{share} of {index.PartitionCount} partitions, best 2x rescored",
                };
                Console.WriteLine(Invariant(
                    $"| {name} | {(double)index.Count * index.BytesPerVector / 1024 / 1024:N0} MB | {load / 1000:0.0} s | {(scan == VectorScan.Partitioned ? $"{partition / 1000:0.0} s" : "")} | {Percentile(semantic, 0.5):0.00} ms | {Percentile(semantic, 0.99):0.00} ms | {Percentile(hybrid, 0.5):0.00} ms | {Percentile(hybrid, 0.99):0.00} ms | {recall:0.000} |"));
            }

            Console.WriteLine(Invariant($"| (keyword alone, for reference) | | | | | | {Percentile(keyword, 0.5):0.00} ms | {Percentile(keyword, 0.99):0.00} ms | |"));
            await BreakdownAsync(engine, admin, target, queries);
            engine.Embeddings!.Scan = VectorScan.Quantized;
            model.Mode = StandInMode.Real;
            await engine.Memories.UpdateStoreAsync(admin, target, new UpdateStoreRequest(Metadata: new Dictionary<string, string?> { [StoreSettings.SemanticKey] = "off" }), None);
            await engine.Search.SearchAsync(admin, target, new SearchRequest("release"), None); // lets go of the store's vectors
        }
    }

    /// <summary>Where a hybrid query's time goes (every 8-bit vector scanned, the default): each step alone, p50 over the queries.</summary>
    private static async Task BreakdownAsync(EngramEngine engine, Caller admin, string store, List<string> queries)
    {
        VectorIndex.ProbeShare = 8;
        engine.Embeddings!.Scan = VectorScan.Quantized;
        await (await engine.Embeddings.IndexAsync(store, None)).Building;
        var steps = new Dictionary<string, List<double>>();
        void Add(string step, double ms) => (steps.TryGetValue(step, out var list) ? list : steps[step] = []).Add(ms);
        foreach (var query in queries)
        {
            float[] target = null!;
            Add("embed the query (real model)", await TimeAsync(() => Task.FromResult(target = engine.Embeddings.EmbedQuery(query, None))));
            List<string> candidates = null!;
            Add("100 candidates from the index", await TimeAsync(async () => candidates = (await engine.Embeddings.CandidatesAsync(store, target, 100, null, None)).MemoryIds));
            Add("their documents (filters)", await TimeAsync(() => engine.Storage.GetDocumentsAsync(store, candidates, None)));
            Add("rescore them (16-bit floats held)", await TimeAsync(() => engine.Embeddings.RescoreAsync(store, target, candidates, None)));
            Add("keyword half: 50 hits with snippets", await TimeAsync(() => engine.Search.SearchAsync(admin, store, new SearchRequest(query, SearchMode.Keyword, Limit: 50), None)));
        }

        Console.WriteLine();
        Console.WriteLine("| hybrid query step (p50) | ms |");
        Console.WriteLine("|---|---:|");
        foreach (var (step, times) in steps)
        {
            Console.WriteLine(Invariant($"| {step} | {Percentile(times, 0.5):0.00} |"));
        }
    }

    private static async Task QueryModesAsync(EngramEngine engine, Caller admin, string store)
    {
        var samples = new Dictionary<SearchMode, List<double>> { [SearchMode.Keyword] = [], [SearchMode.Semantic] = [], [SearchMode.Hybrid] = [] };
        foreach (var question in Questions)
        {
            await engine.Search.SearchAsync(admin, store, new SearchRequest(question, SearchMode.Hybrid, Limit: 10), None); // warm
            for (var run = 0; run < 5; run++)
            {
                foreach (var (mode, times) in samples)
                {
                    times.Add(await TimeAsync(() => engine.Search.SearchAsync(admin, store, new SearchRequest(question, mode, Limit: 10), None)));
                }
            }
        }

        foreach (var (mode, times) in samples)
        {
            var name = mode switch { SearchMode.Keyword => "keyword (BM25)", SearchMode.Semantic => "semantic (query embedded by the model)", _ => "hybrid (BM25 + semantic, rescaled scores fused)" };
            Console.WriteLine(Invariant($"| {name} | {Percentile(times, 0.5):0.00} ms | {Percentile(times, 0.99):0.00} ms |"));
        }
    }

    private static async Task ContextAsync(EngramEngine engine, Caller admin, List<(string Path, string Content)> memories)
    {
        var store = (await engine.Memories.CreateStoreAsync(admin, new CreateStoreRequest("context", "A 10,000-memory store."), None)).Id;
        await WriteAllAsync(engine, admin, store, memories);
        await engine.Indexer.DrainAsync(store, None);
        Console.WriteLine();
        Console.WriteLine(Invariant($"| memory section, {memories.Count:N0} memories | p50 | p99 | tokens |"));
        Console.WriteLine("|---|---:|---:|---:|");
        var listing = new List<double>();
        for (var run = 0; run < 10; run++)
        {
            listing.Add(await TimeAsync(async () =>
            {
                string? after = null;
                while (true)
                {
                    var page = await engine.Storage.ListOutlinesAsync(store, "/", after, 1_000, None);
                    if (page.Count < 1_000)
                    {
                        break;
                    }

                    after = page[^1].Path;
                }
            }));
        }

        Console.WriteLine(Invariant($"| (of which: reading every memory's line from storage) | {Percentile(listing, 0.5):0.0} ms | {Percentile(listing, 0.99):0.0} ms | |"));
        foreach (var budget in new[] { 2_000, 8_000, 32_000 })
        {
            var request = new ContextRequest(budget, [store]);
            var section = await engine.Context.BuildAsync(admin, request, None); // warm
            var samples = new List<double>();
            for (var run = 0; run < 30; run++)
            {
                samples.Add(await TimeAsync(() => engine.Context.BuildAsync(admin, request, None)));
            }

            Console.WriteLine(Invariant($"| budget {budget:N0} tokens | {Percentile(samples, 0.5):0.0} ms | {Percentile(samples, 0.99):0.0} ms | {section.Tokens:N0} |"));
        }
    }

    private static async Task WriteAllAsync(EngramEngine engine, Caller admin, string store, List<(string Path, string Content)> memories) =>
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; i < memories.Count; i += 8)
            {
                await engine.Memories.CreateMemoryAsync(admin, store, new CreateMemoryRequest(memories[i].Path, memories[i].Content), None);
            }
        })));

    private static string? RipgrepPath() =>
        Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(dir => Path.Combine(dir, "rg")).FirstOrDefault(File.Exists);

    /// <summary>
    /// What an agent with grep would run for the same query: every file containing any of the words (or the
    /// phrase), case-insensitive; returns how many files matched.
    /// </summary>
    private static int Ripgrep(string rg, string query, string directory)
    {
        var start = new ProcessStartInfo(rg) { RedirectStandardOutput = true, UseShellExecute = false };
        var patterns = query.StartsWith('"') ? [query.Trim('"')] : query.Split(' ');
        foreach (var argument in (string[])["--files-with-matches", "--ignore-case", "--fixed-strings", "--no-messages", .. patterns.SelectMany(p => (string[])["-e", p]), directory])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var lines = 0;
        while (process.StandardOutput.ReadLine() is not null)
        {
            lines++;
        }

        process.WaitForExit();
        return lines;
    }

    private static async Task<double> TimeAsync(Func<Task> body)
    {
        var started = Stopwatch.GetTimestamp();
        await body();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static void Row(string name, double milliseconds, int count) =>
        Console.WriteLine(Invariant($"| {name} | {milliseconds / 1000:0.0} s | {milliseconds * 1000 / count:0} µs |"));

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
}
