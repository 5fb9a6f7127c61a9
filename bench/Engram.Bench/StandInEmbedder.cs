using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Engram.Search;

namespace Engram.Bench;

/// <summary>
/// The real model, or stand-in vectors for building a store's vectors at a scale the model would need hours
/// for. A stand-in vector is the normalized mean of the real model's vectors of the text's distinct words
/// (each word embedded once, alone): averaged word embeddings, a classic sentence embedding that lives in the
/// model's own space, so texts about the same things are near each other and near the real model's vector of
/// a question about them, and an approximate index's recall means something. Queries are always embedded by
/// the real model.
/// </summary>
internal sealed class StandInEmbedder(ITextEmbedder real) : ITextEmbedder
{
    private static readonly char[] Separators = [' ', '\n', '\t', '/', '.', ',', '-', '_', '#', '*', '`', ':', '(', ')', '"', '\'', '[', ']', '|', '=', ';'];

    private readonly Dictionary<string, float[]> _words = new(StringComparer.Ordinal);

    public StandInMode Mode { get; set; }

    public long StandInCount { get; private set; }

    public int Dimensions => real.Dimensions;

    public string Model => real.Model;

    public float[][] EmbedQueries(IReadOnlyList<string> queries, CancellationToken cancellationToken) => real.EmbedQueries(queries, cancellationToken);

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (Mode != StandInMode.Documents)
        {
            return real.Embed(texts, cancellationToken);
        }

        StandInCount += texts.Count;
        var words = texts.Select(t => t.ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray()).ToList();
        var unknown = words.SelectMany(w => w).Where(w => !_words.ContainsKey(w)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var group in unknown.Chunk(64))
        {
            var vectors = real.Embed(group, cancellationToken);
            for (var i = 0; i < group.Length; i++)
            {
                _words[group[i]] = vectors[i];
            }
        }

        return words.Select(Mean).ToArray();
    }

    private float[] Mean(string[] words)
    {
        var vector = new float[real.Dimensions];
        foreach (var word in words)
        {
            var wordVector = _words[word];
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] += wordVector[i];
            }
        }

        var length = MathF.Sqrt(vector.Sum(v => v * v));
        return length == 0 ? vector : vector.Select(v => v / length).ToArray();
    }
}

/// <summary>What <see cref="StandInEmbedder"/> does with a call.</summary>
internal enum StandInMode
{
    /// <summary>The real model.</summary>
    Real,

    /// <summary>Stand-in vectors (building a store).</summary>
    Documents,
}
