using System.Security.Cryptography;
using System.Text;
using Engram.Search;

namespace Engram.Bench;

/// <summary>
/// The real model, or (while <see cref="StandIn"/> is set) deterministic unit vectors derived from each text's
/// hash: for building a store's vectors at a scale the model would need hours for, when only query cost matters.
/// </summary>
internal sealed class StandInEmbedder(ITextEmbedder real) : ITextEmbedder
{
    public bool StandIn { get; set; }

    public long StandInCount { get; private set; }

    public int Dimensions => real.Dimensions;

    public string Model => real.Model;

    public float[][] EmbedQueries(IReadOnlyList<string> queries, CancellationToken cancellationToken) =>
        StandIn ? Embed(queries, cancellationToken) : real.EmbedQueries(queries, cancellationToken);

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (!StandIn)
        {
            return real.Embed(texts, cancellationToken);
        }

        StandInCount += texts.Count;
        return texts.Select(Vector).ToArray();
    }

    private float[] Vector(string text)
    {
        var random = new Random(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
        var vector = new float[real.Dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }

        var length = MathF.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / length).ToArray();
    }
}
