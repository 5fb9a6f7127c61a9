using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Engram.Search;

namespace Engram.Bench;

/// <summary>
/// The real model, or stand-in vectors for building a store's vectors at a scale the model would need hours
/// for. A stand-in vector is the normalized sum of one fixed random vector per distinct word of the text (a
/// bag of hashed words): texts sharing words are near each other and common words pull every vector the same
/// way, so the vectors have clusters and a shared direction as a real model's do, and an approximate index's
/// recall means something. While <see cref="Mode"/> is <see cref="StandInMode.Queries"/>, every call is a query:
/// the real model embeds it too (its cost is paid, its vector dropped) and the stand-in vector is returned, in
/// the same space as the documents.
/// </summary>
internal sealed class StandInEmbedder(ITextEmbedder real) : ITextEmbedder
{
    private readonly ConcurrentDictionary<string, float[]> _words = new(StringComparer.Ordinal);

    public StandInMode Mode { get; set; }

    public long StandInCount { get; private set; }

    public int Dimensions => real.Dimensions;

    public string Name => Mode == StandInMode.Real ? real.Name : $"stand-in ({real.Name} for queries)";

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        switch (Mode)
        {
            case StandInMode.Real:
                return real.Embed(texts, cancellationToken);
            case StandInMode.Queries:
                real.Embed(texts, cancellationToken);
                return texts.Select(Vector).ToArray();
            default:
                StandInCount += texts.Count;
                return texts.Select(Vector).ToArray();
        }
    }

    /// <summary>The stand-in vector of a text.</summary>
    public float[] Vector(string text)
    {
        var vector = new float[real.Dimensions];
        var words = text.ToLowerInvariant().Split((char[])[' ', '\n', '\t', '/', '.', ',', '-', '_', '#', '*', '`', ':', '(', ')', '"', '\''], StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in words.Distinct(StringComparer.Ordinal))
        {
            var wordVector = _words.GetOrAdd(word, WordVector);
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] += wordVector[i];
            }
        }

        var length = MathF.Sqrt(vector.Sum(v => v * v));
        return length == 0 ? WordVector(text) : vector.Select(v => v / length).ToArray();
    }

    private float[] WordVector(string word)
    {
        var random = new Random(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(word))));
        var vector = new float[real.Dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return vector;
    }
}

/// <summary>What <see cref="StandInEmbedder"/> does with a call.</summary>
internal enum StandInMode
{
    /// <summary>The real model.</summary>
    Real,

    /// <summary>Stand-in vectors (building a store).</summary>
    Documents,

    /// <summary>The real model's cost, the stand-in's vector (querying a store built with stand-ins).</summary>
    Queries,
}
