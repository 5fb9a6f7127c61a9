using Engram.Search;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace Engram.Semantic;

/// <summary>How a <see cref="LocalEmbedder"/> runs its model; the defaults are the measured best on 2 cores (docs/BENCHMARKS.md).</summary>
public sealed record LocalEmbedderOptions
{
    /// <summary>Threads inside one model run; 0 lets ONNX Runtime use one per core.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Model runs at once (batches of one call run side by side); 0 means one per core.</summary>
    public int Runs { get; init; }

    /// <summary>Word pieces read per text, [CLS] and [SEP] included, at most the model's own limit; the rest is cut.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>
    /// Padded word pieces per model run: texts of similar length are run together until the batch holds this many.
    /// Small runs cost less CPU per text here (a run's activations stay in the core's cache), down to one or
    /// two chunks a run; see docs/BENCHMARKS.md.
    /// </summary>
    public int BatchTokens { get; init; } = 512;

    /// <summary>Most texts per model run.</summary>
    public int BatchTexts { get; init; } = 64;

    /// <summary>Runs the model's weight multiplications in int8 (quantized at load time from the shipped float model).</summary>
    public bool Int8 { get; init; } = true;
}

/// <summary>
/// A <see cref="LocalModel"/> run in process by ONNX Runtime, with its WordPiece vocabulary read by
/// Microsoft.ML.Tokenizers. The model loads on first use (about a second). Texts are sorted by length and
/// run in batches padded to their longest text, so a short text never pays for a long one; batches run side
/// by side, one thread each (measured faster than threads sharing one run, which wait for each other at
/// every operator).
/// </summary>
public sealed partial class LocalEmbedder : ITextEmbedder, IDisposable
{
    private readonly LocalModel _model;
    private readonly LocalEmbedderOptions _options;
    private readonly int _maxTokens;
    private readonly Lazy<(InferenceSession Session, BertTokenizer Tokenizer)> _loaded;

    /// <summary>An embedder for <paramref name="model"/> (the default model when null).</summary>
    public LocalEmbedder(LocalModel? model = null, LocalEmbedderOptions? options = null)
    {
        _model = model ?? LocalModel.Default;
        _options = options ?? new LocalEmbedderOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.Threads, "options.Threads");
        ArgumentOutOfRangeException.ThrowIfNegative(_options.Runs, "options.Runs");
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchTokens, 1, "options.BatchTokens");
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchTexts, 1, "options.BatchTexts");
        _maxTokens = Math.Clamp(_options.MaxTokens ?? _model.MaxTokens, 8, _model.MaxTokens);
        _loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public int Dimensions => _model.Dimensions;

    /// <inheritdoc />
    public string Model => _options.Int8 ? _model.Name + "+int8" : _model.Name;

    /// <inheritdoc />
    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken) => Encode(texts, "", cancellationToken);

    /// <inheritdoc />
    public float[][] EmbedQueries(IReadOnlyList<string> queries, CancellationToken cancellationToken) => Encode(queries, _model.QueryPrefix, cancellationToken);

    /// <summary>The word pieces the model reads of <paramref name="text"/>, [CLS] and [SEP] included, after the cut.</summary>
    public int CountTokens(string text) => Tokenize(text).Length;

    public void Dispose()
    {
        if (_loaded.IsValueCreated)
        {
            _loaded.Value.Session.Dispose();
        }
    }

    private float[][] Encode(IReadOnlyList<string> texts, string prefix, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        var tokens = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            tokens[i] = Tokenize(prefix + texts[i]);
        }

        var vectors = new float[texts.Count][];
        var runs = _options.Runs > 0 ? _options.Runs : Environment.ProcessorCount;
        Parallel.ForEach(
            Batches(tokens),
            new ParallelOptions { MaxDegreeOfParallelism = runs, CancellationToken = cancellationToken },
            batch => Run(tokens, batch, vectors));
        return vectors;
    }

    private int[] Tokenize(string text)
    {
        var ids = _loaded.Value.Tokenizer.EncodeToIds(text, _maxTokens, addSpecialTokens: true, out _, out _);
        return [.. ids];
    }

    /// <summary>Indexes of the texts, longest first, grouped so each group's padded size stays within the batch budget.</summary>
    private IEnumerable<int[]> Batches(int[][] tokens)
    {
        var order = Enumerable.Range(0, tokens.Length).OrderByDescending(i => tokens[i].Length).ToArray();
        var start = 0;
        while (start < order.Length)
        {
            // Sorted longest first, so the first text of a batch sets its padded length.
            var longest = tokens[order[start]].Length;
            var count = Math.Clamp(_options.BatchTokens / longest, 1, _options.BatchTexts);
            count = Math.Min(count, order.Length - start);
            yield return order[start..(start + count)];
            start += count;
        }
    }

    private (InferenceSession, BertTokenizer) Load()
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = _options.Threads,
            InterOpNumThreads = 1,
        };
        var graph = _model.ReadGraph();
        var session = new InferenceSession(_options.Int8 ? Int8Quantization.Quantize(graph, out _) : graph, options);
        using var vocabulary = _model.Resource("vocab.txt");
        var tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true });
        return (session, tokenizer);
    }
}
