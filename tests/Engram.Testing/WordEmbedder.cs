using System.Security.Cryptography;
using System.Text;
using Engram.Search;

namespace Engram.Testing;

/// <summary>
/// A deterministic stand-in model: a text's vector is the normalized sum of one fixed random vector per
/// distinct word, so texts sharing words are near each other. While <see cref="Hold"/> is set, embedding
/// anything but a query named in <see cref="Queries"/> blocks until <see cref="Release"/>: a drain caught
/// mid-batch, for searches made meanwhile.
/// </summary>
public sealed class WordEmbedder : ITextEmbedder
{
    private readonly ManualResetEventSlim _released = new(true);
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Dimensions => 64;

    public string Model => "words";

    /// <summary>Texts embedded without waiting while held: the queries a test makes.</summary>
    public HashSet<string> Queries { get; } = new(StringComparer.Ordinal);

    /// <summary>Completes when a drain is blocked in the model.</summary>
    public Task Held => _held.Task;

    public void Hold() => _released.Reset();

    public void Release() => _released.Set();

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (!_released.IsSet && !texts.All(Queries.Contains))
        {
            _held.TrySetResult();
            _released.Wait(cancellationToken);
        }

        return texts.Select(Vector).ToArray();
    }

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
        return vector.Select(v => v / length).ToArray();
    }
}
