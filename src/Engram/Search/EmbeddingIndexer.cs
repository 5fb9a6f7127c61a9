using System.Collections.Concurrent;
using Engram.Storage;

namespace Engram.Search;

/// <summary>
/// Embeds queued memories of stores with semantic search on, section by section, off the write's critical
/// path (a model run is milliseconds per section), and answers nearest-neighbour queries from vectors held
/// in memory per store. Stores with semantic search off cost nothing here.
/// </summary>
public sealed class EmbeddingIndexer(IMemoryStorage storage, ITextEmbedder embedder)
{
    /// <summary>Memories embedded per unit of work.</summary>
    private const int Batch = 32;

    private readonly ConcurrentDictionary<string, IReadOnlyList<ChunkVector>> _vectors = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _drain = new(1, 1);

    /// <summary>Embeds everything queued; returns how many memories it embedded.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        await _drain.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var total = 0;
            while (true)
            {
                var work = await storage.PendingEmbeddingWorkAsync(Batch, cancellationToken).ConfigureAwait(false);
                if (work.Count == 0)
                {
                    return total;
                }

                var embedded = new List<(IndexWork Work, IReadOnlyList<ChunkVector> Vectors)>(work.Count);
                foreach (var item in work)
                {
                    var memory = await storage.GetMemoryAsync(item.StoreId, item.MemoryId, withContent: true, cancellationToken).ConfigureAwait(false);
                    if (memory is null)
                    {
                        embedded.Add((item, []));
                        continue;
                    }

                    var document = SearchDocument.Of(memory.Path, memory.ContentSha256, memory.Content!);
                    var chunks = MarkdownChunker.Chunk(document.Title ?? document.Summary ?? memory.Path, document.Body);
                    var vectors = embedder.Embed(chunks.Select(c => $"{memory.Path}\n{c.Text}").ToList(), cancellationToken);
                    embedded.Add((item, chunks.Select((c, i) => new ChunkVector(item.MemoryId, i, c.Heading, vectors[i])).ToList()));
                }

                await storage.WriteAsync(tx =>
                {
                    foreach (var (item, vectors) in embedded)
                    {
                        tx.ReplaceVectors(item.StoreId, item.MemoryId, vectors);
                        tx.CompleteEmbedding(item);
                    }

                    return true;
                }, cancellationToken).ConfigureAwait(false);
                foreach (var store in embedded.Select(e => e.Work.StoreId).Distinct())
                {
                    _vectors.TryRemove(store, out _);
                }

                total += work.Count;
            }
        }
        finally
        {
            _drain.Release();
        }
    }

    /// <summary>Memories nearest in meaning to <paramref name="query"/>, best first, scored by their best section.</summary>
    public async Task<IReadOnlyList<(string MemoryId, double Similarity, string Heading)>> NearestAsync(string storeId, string query, int limit, CancellationToken cancellationToken)
    {
        if (!_vectors.TryGetValue(storeId, out var vectors))
        {
            vectors = await storage.LoadVectorsAsync(storeId, cancellationToken).ConfigureAwait(false);
            _vectors[storeId] = vectors;
        }

        var target = embedder.Embed([query], cancellationToken)[0];
        var best = new Dictionary<string, (double Similarity, string Heading)>(StringComparer.Ordinal);
        foreach (var chunk in vectors)
        {
            var similarity = Dot(target, chunk.Vector);
            if (!best.TryGetValue(chunk.MemoryId, out var known) || similarity > known.Similarity)
            {
                best[chunk.MemoryId] = (similarity, chunk.Heading);
            }
        }

        return best.OrderByDescending(b => b.Value.Similarity).ThenBy(b => b.Key, StringComparer.Ordinal).Take(limit)
            .Select(b => (b.Key, b.Value.Similarity, b.Value.Heading)).ToList();
    }

    /// <summary>Cosine similarity of unit vectors: their dot product, in SIMD lanes.</summary>
    private static double Dot(float[] a, float[] b)
    {
        var width = System.Numerics.Vector<float>.Count;
        var sums = System.Numerics.Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - width; i += width)
        {
            sums += new System.Numerics.Vector<float>(a, i) * new System.Numerics.Vector<float>(b, i);
        }

        var total = System.Numerics.Vector.Sum(sums);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }
}
