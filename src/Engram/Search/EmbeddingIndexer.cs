using System.Collections.Concurrent;
using System.Diagnostics;
using Engram.Storage;

namespace Engram.Search;

/// <summary>
/// Embeds queued memories of stores with semantic search on, section by section, off the write's critical
/// path, and answers nearest-neighbour queries from a <see cref="VectorIndex"/> held per store (8-bit vectors
/// scanned in SIMD lanes, the best candidates rescored with 16-bit floats). Searches never
/// wait for the model: a drain holds the model one batch at a time and takes the install lock only to store
/// and apply that batch. Stores with semantic search off cost nothing here.
/// </summary>
internal sealed partial class EmbeddingIndexer(ISearchIndexStorage storage, IMemoryStorage memoryStorage, ITextEmbedder embedder)
{
    /// <summary>Memories embedded per unit of work.</summary>
    internal const int Batch = 32;

    /// <summary>Vectors read per page while a store's index loads (4,096 float vectors are 6 MB).</summary>
    private const int LoadPage = 4_096;

    /// <summary>The embedding rate is that of this many latest batches: recent enough to follow the load, long enough to be steady.</summary>
    private const int RateWindow = 16;

    private readonly ConcurrentDictionary<string, VectorIndex> _indexes = new(StringComparer.Ordinal);

    // One drain at a time, held one batch at a time (model run and install), so a waiting drain or a search's catch-up takes turns.
    private readonly SemaphoreSlim _drain = new(1, 1);

    // Storing a batch's vectors and applying them to the held indexes, or loading an index: one at a time, so a load misses no batch.
    private readonly SemaphoreSlim _install = new(1, 1);

    private readonly Queue<(int Memories, TimeSpan Took)> _recent = new();

    /// <summary>The embedding model's name, for status reports.</summary>
    public string Model => embedder.Model;

    /// <summary>Memories embedded per second over the latest batches of this process, or null before the first.</summary>
    public double? Rate
    {
        get
        {
            lock (_recent)
            {
                var seconds = _recent.Sum(r => r.Took.TotalSeconds);
                return _recent.Count == 0 || seconds <= 0 ? null : _recent.Sum(r => r.Memories) / seconds;
            }
        }
    }

    /// <summary>
    /// How held vectors are searched; changing it lets go of every held index. Every 8-bit vector, by default:
    /// partitions read far fewer, but found only about three quarters of the exact top 10 (docs/BENCHMARKS.md).
    /// </summary>
    internal VectorScan Scan
    {
        get;
        set
        {
            field = value;
            _indexes.Clear();
        }
    } = VectorScan.Quantized;

    /// <summary>Embeds everything queued; returns how many memories it embedded.</summary>
    public Task<int> DrainAsync(CancellationToken cancellationToken) => DrainAsync(null, int.MaxValue, cancellationToken);

    /// <summary>Embeds up to about <paramref name="limit"/> queued memories, of one store or of all; returns how many it embedded.</summary>
    public async Task<int> DrainAsync(string? storeId, int limit, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < limit)
        {
            await _drain.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var embedded = await EmbedBatchAsync(storeId, Math.Min(Batch, limit - total), cancellationToken).ConfigureAwait(false);
                if (embedded == 0)
                {
                    break;
                }

                total += embedded;
            }
            finally
            {
                _drain.Release();
            }
        }

        return total;
    }

    /// <summary>Forgets a store's vectors held in memory (semantic search was turned off, or the store deleted).</summary>
    public void Forget(string storeId)
    {
        _indexes.TryRemove(storeId, out _);
        _seen.TryRemove(storeId, out _);
    }

    /// <summary>Memories nearest in meaning to <paramref name="query"/>, best first, scored by their best section.</summary>
    public async Task<IReadOnlyList<(string MemoryId, double Similarity, string Heading)>> NearestAsync(string storeId, string query, int limit, CancellationToken cancellationToken)
    {
        await SyncAsync(storeId, cancellationToken).ConfigureAwait(false);
        var target = EmbedQuery(query, cancellationToken);
        var (candidates, _) = await CandidatesAsync(storeId, target, limit * 2, null, cancellationToken).ConfigureAwait(false);
        return (await RescoreAsync(storeId, target, candidates, cancellationToken).ConfigureAwait(false)).Take(limit).ToList();
    }

    /// <summary>The query's vector.</summary>
    internal float[] EmbedQuery(string query, CancellationToken cancellationToken) => embedder.EmbedQueries([query], cancellationToken)[0];

    /// <summary>
    /// Up to <paramref name="limit"/> memories nearest to <paramref name="target"/> by approximate similarity,
    /// best first (only among <paramref name="among"/> when given); <c>Complete</c> when fewer means no more.
    /// </summary>
    internal async Task<(List<string> MemoryIds, bool Complete)> CandidatesAsync(
        string storeId, float[] target, int limit, IReadOnlyCollection<string>? among, CancellationToken cancellationToken)
    {
        var index = await IndexAsync(storeId, cancellationToken).ConfigureAwait(false);
        var (memories, complete) = index.Nearest(target, limit, among);
        return (memories.ConvertAll(m => m.MemoryId), complete);
    }

    /// <summary>The memories named, best first by the similarity of their best section (rescored from the vectors held), with its heading.</summary>
    internal async Task<List<(string MemoryId, double Similarity, string Heading)>> RescoreAsync(
        string storeId, float[] target, IReadOnlyCollection<string> memoryIds, CancellationToken cancellationToken) =>
        (await IndexAsync(storeId, cancellationToken).ConfigureAwait(false)).Rescore(target, memoryIds);

    /// <summary>True when the memory has vectors (once the store's index is held; call after <see cref="CandidatesAsync"/>).</summary>
    internal bool Holds(string storeId, string memoryId) => _indexes.TryGetValue(storeId, out var index) && index.Contains(memoryId);

    /// <summary>The store's index, loading it on first use (for the benchmark to wait for its partitions).</summary>
    internal async Task<VectorIndex> IndexAsync(string storeId, CancellationToken cancellationToken)
    {
        if (_indexes.TryGetValue(storeId, out var held))
        {
            return held;
        }

        await _install.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await AdoptModelAsync(cancellationToken).ConfigureAwait(false);
            return _indexes.TryGetValue(storeId, out held) ? held : await LoadAsync(storeId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _install.Release();
        }
    }

    /// <summary>Loads the store's vectors into a new held index, with the change number they reflect (the caller holds the install lock).</summary>
    private async Task<VectorIndex> LoadAsync(string storeId, CancellationToken cancellationToken)
    {
        // Read before the first page: a change made while the pages are read is applied again by the next sync.
        var seq = (await storage.VectorChangesSinceAsync(storeId, long.MaxValue, cancellationToken).ConfigureAwait(false)).Seq;
        var index = new VectorIndex(embedder.Dimensions, Scan);
        (string MemoryId, int Chunk)? after = null;
        var (memory, vectors) = ((string?)null, new List<ChunkVector>());
        while (true)
        {
            var page = await storage.LoadVectorsAsync(storeId, after, LoadPage, cancellationToken).ConfigureAwait(false);
            foreach (var chunk in page)
            {
                if (chunk.MemoryId != memory)
                {
                    if (memory is not null)
                    {
                        index.Replace(memory, vectors, loading: true);
                    }

                    (memory, vectors) = (chunk.MemoryId, []);
                }

                vectors.Add(chunk);
            }

            if (page.Count < LoadPage)
            {
                break;
            }

            after = (page[^1].MemoryId, page[^1].Chunk);
        }

        if (memory is not null)
        {
            index.Replace(memory, vectors, loading: true);
        }

        index.Loaded();
        _seen[storeId] = seq;
        _indexes[storeId] = index;
        return index;
    }

    /// <summary>Embeds one batch of queued memories and stores their vectors (the caller holds the drain); returns how many.</summary>
    private async Task<int> EmbedBatchAsync(string? storeId, int limit, CancellationToken cancellationToken)
    {
        await AdoptModelAsync(cancellationToken).ConfigureAwait(false);
        var work = await storage.PendingEmbeddingWorkAsync(storeId, limit, cancellationToken).ConfigureAwait(false);
        if (work.Count == 0)
        {
            return 0;
        }

        var started = Stopwatch.GetTimestamp();
        var pending = new List<(IndexWork Work, IReadOnlyList<(string Heading, string Text)> Chunks)>(work.Count);
        foreach (var item in work)
        {
            var memory = await memoryStorage.GetMemoryAsync(item.StoreId, item.MemoryId, withContent: true, cancellationToken).ConfigureAwait(false);
            if (memory is null)
            {
                pending.Add((item, []));
                continue;
            }

            var document = SearchDocument.Of(memory.Path, memory.ContentSha256, memory.Content!);
            pending.Add((item, MarkdownChunker.Chunk(document)));
        }

        var texts = pending.SelectMany(p => p.Chunks.Select(c => c.Text)).ToList();
        var vectors = embedder.Embed(texts, cancellationToken); // one call: the model sorts and batches by length

        var next = 0;
        var embedded = pending.Select(p => (p.Work, Vectors: p.Chunks.Select((c, i) => new ChunkVector(p.Work.MemoryId, i, c.Heading, vectors[next++])).ToArray())).ToList();
        await _install.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
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
                if (_indexes.TryGetValue(item.StoreId, out var index))
                {
                    index.Replace(item.MemoryId, chunkVectors);
                }
            }
        }
        finally
        {
            _install.Release();
        }

        lock (_recent)
        {
            _recent.Enqueue((work.Count, Stopwatch.GetElapsedTime(started)));
            if (_recent.Count > RateWindow)
            {
                _recent.Dequeue();
            }
        }

        return work.Count;
    }
}
