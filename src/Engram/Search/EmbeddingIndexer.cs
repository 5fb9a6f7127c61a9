using System.Collections.Concurrent;
using Engram.Storage;

namespace Engram.Search;

/// <summary>
/// Embeds queued memories of stores with semantic search on, section by section, off the write's critical
/// path (a model run is milliseconds per section), and answers nearest-neighbour queries from vectors held
/// in memory per store. Stores with semantic search off cost nothing here.
/// </summary>
public sealed partial class EmbeddingIndexer(IMemoryStorage storage, ITextEmbedder embedder)
{
    /// <summary>Memories embedded per unit of work.</summary>
    private const int Batch = 32;

    // Per store with semantic search on, once queried: each memory's section vectors. Drains update it in place.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, ChunkVector[]>> _vectors = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _drain = new(1, 1);

    /// <summary>Embeds everything queued; returns how many memories it embedded.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        await _drain.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await AdoptModelAsync(cancellationToken).ConfigureAwait(false);
            var total = 0;
            while (true)
            {
                var work = await storage.PendingEmbeddingWorkAsync(Batch, cancellationToken).ConfigureAwait(false);
                if (work.Count == 0)
                {
                    return total;
                }

                var pending = new List<(IndexWork Work, IReadOnlyList<(string Heading, string Text)> Chunks)>(work.Count);
                foreach (var item in work)
                {
                    var memory = await storage.GetMemoryAsync(item.StoreId, item.MemoryId, withContent: true, cancellationToken).ConfigureAwait(false);
                    if (memory is null)
                    {
                        pending.Add((item, []));
                        continue;
                    }

                    var document = SearchDocument.Of(memory.Path, memory.ContentSha256, memory.Content!);
                    pending.Add((item, MarkdownChunker.Chunk(document)));
                }

                var texts = pending.SelectMany(p => p.Chunks.Select(c => c.Text)).ToList();
                var vectors = embedder.Embed(texts, cancellationToken);

                var next = 0;
                var embedded = pending.Select(p => (p.Work, Vectors: p.Chunks.Select((c, i) => new ChunkVector(p.Work.MemoryId, i, c.Heading, vectors[next++])).ToArray())).ToList();
                await storage.WriteAsync(tx =>
                {
                    foreach (var (item, chunkVectors) in embedded)
                    {
                        tx.ReplaceVectors(item.StoreId, item.MemoryId, chunkVectors);
                        tx.SetEmbeddingModel(item.StoreId, VectorSource);
                        tx.CompleteEmbedding(item);
                    }

                    return true;
                }, cancellationToken).ConfigureAwait(false);
                foreach (var (item, chunkVectors) in embedded)
                {
                    if (_vectors.TryGetValue(item.StoreId, out var loaded))
                    {
                        if (chunkVectors.Length == 0)
                        {
                            loaded.TryRemove(item.MemoryId, out _);
                        }
                        else
                        {
                            loaded[item.MemoryId] = chunkVectors;
                        }
                    }
                }

                total += work.Count;
            }
        }
        finally
        {
            _drain.Release();
        }
    }

    /// <summary>Forgets a store's vectors held in memory (semantic search was turned off, or the store deleted).</summary>
    public void Forget(string storeId) => _vectors.TryRemove(storeId, out _);

    /// <summary>Memories nearest in meaning to <paramref name="query"/>, best first, scored by their best section.</summary>
    public async Task<IReadOnlyList<(string MemoryId, double Similarity, string Heading)>> NearestAsync(string storeId, string query, int limit, CancellationToken cancellationToken)
    {
        var vectors = await VectorsAsync(storeId, cancellationToken).ConfigureAwait(false);
        var target = embedder.EmbedQueries([query], cancellationToken)[0];

        // The best `limit` memories by their best section, kept in a min-heap: one pass, no sort of everything.
        var best = new PriorityQueue<(string MemoryId, double Similarity, string Heading), (double, string)>(limit + 1, Comparer<(double Similarity, string MemoryId)>.Create(
            (a, b) => a.Similarity != b.Similarity ? a.Similarity.CompareTo(b.Similarity) : string.CompareOrdinal(b.MemoryId, a.MemoryId)));
        foreach (var (memoryId, chunks) in vectors)
        {
            var (similarity, heading) = (double.MinValue, "");
            foreach (var chunk in chunks)
            {
                var score = Dot(target, chunk.Vector);
                if (score > similarity)
                {
                    (similarity, heading) = (score, chunk.Heading);
                }
            }

            best.Enqueue((memoryId, similarity, heading), (similarity, memoryId));
            if (best.Count > limit)
            {
                best.Dequeue();
            }
        }

        var result = new List<(string MemoryId, double Similarity, string Heading)>(best.Count);
        while (best.Count > 0)
        {
            result.Add(best.Dequeue());
        }

        result.Reverse();
        return result;
    }

    /// <summary>A store's vectors, loaded once from storage (under the drain lock, so no drain's update is missed).</summary>
    private async Task<ConcurrentDictionary<string, ChunkVector[]>> VectorsAsync(string storeId, CancellationToken cancellationToken)
    {
        if (_vectors.TryGetValue(storeId, out var loaded))
        {
            return loaded;
        }

        await _drain.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await AdoptModelAsync(cancellationToken).ConfigureAwait(false);
            if (!_vectors.TryGetValue(storeId, out loaded))
            {
                var rows = await storage.LoadVectorsAsync(storeId, cancellationToken).ConfigureAwait(false);
                loaded = new ConcurrentDictionary<string, ChunkVector[]>(
                    rows.GroupBy(r => r.MemoryId, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, g.ToArray())), StringComparer.Ordinal);
                _vectors[storeId] = loaded;
            }

            return loaded;
        }
        finally
        {
            _drain.Release();
        }
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
