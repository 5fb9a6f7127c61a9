using System.Security.Cryptography;
using System.Text;
using Engram.Search;

namespace Engram.Conformance;

/// <summary>
/// A deterministic stand-in model: a text's vector is the normalized sum of one fixed random vector per distinct
/// word, so texts sharing words are near and texts sharing none are about orthogonal. Every instance embeds alike,
/// as one model on several nodes does.
/// </summary>
public sealed class ConformanceWordEmbedder : ITextEmbedder
{
    public int Dimensions => 128;

    public string Model => "conformance-words";

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken) => [.. texts.Select(Vector)];

    private float[] Vector(string text)
    {
        var vector = new float[Dimensions];
        foreach (var word in text.ToLowerInvariant().Split([' ', '\n', '/', '.', '#', '-'], StringSplitOptions.RemoveEmptyEntries).Distinct())
        {
            var random = new Random(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(word))));
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] += (float)(random.NextDouble() * 2 - 1);
            }
        }

        var length = MathF.Sqrt(vector.Sum(v => v * v));
        return length == 0 ? vector : [.. vector.Select(v => v / length)];
    }
}
