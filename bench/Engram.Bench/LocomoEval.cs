using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Engram.Access;
using Engram.Client;
using Engram.Memories;
using Engram.Search;
using Engram.Sqlite;

namespace Engram.Bench;

/// <summary>
/// Retrieval quality on LoCoMo (Maharana et al., ACL 2024): each conversation goes into a store of its own in a
/// data directory of its own, one memory per dialog turn, written, indexed and embedded by the real engine; each
/// question with evidence is asked in keyword, semantic and hybrid mode, and scored as LoCoMo scores retrieval:
/// recall@k is the fraction of its evidence turns in the top k. A plain BM25 over the same turn texts, computed in
/// the same run, is the baseline beside every figure; DRAGON's published row is printed for reference.
/// </summary>
internal static partial class LocomoEval
{
    /// <summary>The corpus beside the repository (see its README in ../shared/corpora).</summary>
    private const string DefaultFile = "../shared/corpora/locomo-dev.json";

    /// <summary>The cutoffs LoCoMo reports.</summary>
    internal static readonly int[] Ks = [5, 10, 25, 50];

    /// <summary>DRAGON over dialog turns, all categories, all ten conversations (the paper's Table 3).</summary>
    private static readonly double[] Dragon = [58.8, 67.5, 79.9, 84.8];

    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The modes measured, in the order printed: the baseline first.</summary>
    internal static readonly string[] Modes = ["plain BM25", "keyword", "semantic", "hybrid"];

    /// <summary>Runs the evaluation; <paramref name="options"/> are the arguments after the benchmark's name. 0 when it ran, 2 when it could not start.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> options)
    {
        if (!TryParse(options, out var settings, out var problem))
        {
            Console.Error.WriteLine($"locomo: {problem}");
            return 2;
        }

        var file = settings.File ?? (DreamEval.RepositoryRoot() is { } repository ? Path.GetFullPath(Path.Combine(repository, DefaultFile)) : DefaultFile);
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"locomo: no corpus at {file}; pass --file PATH to LoCoMo's JSON (locomo10.json or ../shared/corpora/locomo-dev.json, see its README)");
            return 2;
        }

        var embedder = Embedders.Create(settings.Model);
        using var owned = embedder as IDisposable;
        if (embedder is null)
        {
            Console.Error.WriteLine($"locomo: --model {settings.Model}: no such model; known: {Embedders.Names}");
            return 2;
        }

        var conversations = Load(file).Take(settings.Conversations).ToList();
        Console.WriteLine($"# LoCoMo retrieval: {conversations.Count} conversations from {Path.GetFileName(file)}, model {Embedders.Describe(settings.Model)}, {Environment.ProcessorCount} cores");
        var scores = new Scores();
        using var rankings = settings.Rankings is null ? null : new StreamWriter(settings.Rankings);
        var (embedded, embedding) = (0, TimeSpan.Zero);
        var root = Path.Combine(Path.GetTempPath(), "engram-bench-locomo-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            foreach (var conversation in conversations)
            {
                var took = await EvaluateAsync(conversation, Path.Combine(root, conversation.Id), embedder, scores, rankings);
                (embedded, embedding) = (embedded + conversation.Turns.Count, embedding + took);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"Embedding: {embedded:N0} memories in {embedding.TotalSeconds:0.0} s, {embedded / embedding.TotalSeconds:0.0} memories/s (one process; the machine's cores are shared, so read it beside a baseline run at the same time)."));
        scores.Print(Dragon);
        return 0;
    }

    /// <summary>Loads one conversation into a fresh engine, asks its questions, adds their recall to <paramref name="scores"/>; returns the time embedding took.</summary>
    private static async Task<TimeSpan> EvaluateAsync(Conversation conversation, string directory, ITextEmbedder embedder, Scores scores, StreamWriter? rankings)
    {
        Directory.CreateDirectory(directory);
        await using var engine = new EngramEngine(
            SqliteMemoryStorage.Open(new SqliteStorageOptions(Path.Combine(directory, "engram.db")) { Durability = Durability.Normal }), embedder: embedder);
        await engine.Access.BootstrapAsync("user_bench", "bench", None);
        var client = new LocalEngramClient(engine, Caller.LocalOperator("user_bench"));
        var store = (await client.CreateStoreAsync(new CreateStoreRequest(conversation.Id, $"LoCoMo conversation {conversation.Id}, one memory per dialog turn.",
            new Dictionary<string, string> { [StoreSettings.SemanticKey] = "on" }))).Id;
        var byPath = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var turn in conversation.Turns)
        {
            var path = turn.Path(conversation.Id);
            byPath[path] = turn.DiaId;
            await client.CreateMemoryAsync(store, new CreateMemoryRequest(path, turn.Content));
        }

        await engine.Indexer.DrainAsync(store, None);
        var started = Stopwatch.GetTimestamp();
        await engine.Embeddings!.DrainAsync(None);
        var embedding = Stopwatch.GetElapsedTime(started);

        var baseline = new PlainBm25(conversation.Turns.Select(t => t.Body));
        var asked = 0;
        foreach (var question in conversation.Questions.Where(q => q.Evidence.Count > 0))
        {
            var found = new Dictionary<string, List<(string DiaId, double Score)>>(StringComparer.Ordinal)
            {
                ["plain BM25"] = baseline.Search(question.Text, Ks[^1]).Select(i => (conversation.Turns[i].DiaId, 0.0)).ToList(),
            };
            foreach (var (name, mode) in new[] { ("keyword", SearchMode.Keyword), ("semantic", SearchMode.Semantic), ("hybrid", SearchMode.Hybrid) })
            {
                var page = await client.SearchAsync(store, new SearchRequest(question.Text, mode, Limit: Ks[^1]));
                found[name] = page.Results.Select(r => (byPath[r.Path], r.Score)).ToList();
            }

            foreach (var (mode, ranking) in found)
            {
                scores.Add(mode, question.Category, Ks.Select(k => Recall(question.Evidence, ranking.Take(k).Select(r => r.DiaId))).ToArray());
            }

            rankings?.WriteLine(JsonSerializer.Serialize(new
            {
                conversation = conversation.Id, category = question.Category, evidence = question.Evidence, question = question.Text,
                rankings = found.ToDictionary(f => f.Key, f => f.Value.Select(r => new object[] { r.DiaId, Math.Round(r.Score, 6) })),
            }));
            asked++;
        }

        var unknown = conversation.Questions.SelectMany(q => q.Evidence).Count(e => !byPath.ContainsValue(e));
        Console.WriteLine(Invariant($"- {conversation.Id}: {conversation.Turns.Count:N0} turns, {asked} questions with evidence ({conversation.Questions.Count - asked} without, skipped), {unknown} evidence ids naming no turn (misses for every mode), embedded in {embedding.TotalSeconds:0.0} s"));
        return embedding;
    }

    /// <summary>The fraction of <paramref name="evidence"/> among <paramref name="top"/>.</summary>
    private static double Recall(IReadOnlyList<string> evidence, IEnumerable<string> top)
    {
        var retrieved = top.ToHashSet(StringComparer.Ordinal);
        return evidence.Count(retrieved.Contains) / (double)evidence.Count;
    }

    private sealed record Settings(string? File, string Model, int Conversations, string? Rankings);

    private static bool TryParse(IReadOnlyList<string> options, out Settings settings, out string problem)
    {
        settings = new Settings(null, Embedders.Default, int.MaxValue, null);
        problem = "";
        const string usage = "usage: locomo [--file PATH] [--model NAME] [--conversations N] [--rankings FILE.jsonl]";
        for (var i = 0; i < options.Count; i++)
        {
            var value = i + 1 < options.Count && !options[i + 1].StartsWith("--", StringComparison.Ordinal) ? options[i + 1] : null;
            switch (options[i])
            {
                case "--file" when value is not null:
                    settings = settings with { File = value };
                    break;
                case "--model" when value is not null:
                    settings = settings with { Model = value };
                    break;
                case "--rankings" when value is not null:
                    settings = settings with { Rankings = value };
                    break;
                case "--conversations" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0:
                    settings = settings with { Conversations = count };
                    break;
                case "--file" or "--model" or "--rankings" or "--conversations":
                    problem = $"{options[i]} needs a value ({(options[i] == "--conversations" ? "a positive whole number" : "a name or path")}); {usage}";
                    return false;
                default:
                    problem = $"unexpected argument '{options[i]}'; {usage}";
                    return false;
            }

            i++;
        }

        return true;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
