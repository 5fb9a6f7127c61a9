namespace Engram.Search.Tests;

/// <summary>The held vector index: 8-bit codes rank like floats, partitions find what the exact scan finds, and updates land in place.</summary>
public sealed class VectorIndexTests
{
    private const int Dimensions = 64;

    [Fact]
    public void Eight_bit_dot_products_match_the_float_ones_within_a_percent()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var (a, b) = (Unit(random, Dimensions + round % 17), Unit(random, Dimensions + round % 17));
            var codes = new sbyte[a.Length];
            var scale = VectorIndex.Quantize(a, codes);
            var exact = a.Zip(b, (x, y) => x * y).Sum();
            var queryScale = b.Max(MathF.Abs) / 2_047f;
            var query = b.Select(v => (short)MathF.Round(v / queryScale)).ToArray();
            Assert.InRange(VectorIndex.Int8Dot(codes, query) * scale * queryScale - exact, -0.01f, 0.01f);
            Assert.Equal(exact, VectorIndex.FloatDot(a, b), 4);
        }
    }

    [Fact]
    public async Task Partitions_find_what_the_exact_scan_finds_and_updates_land_in_place()
    {
        var random = new Random(11);
        var centers = Enumerable.Range(0, 30).Select(_ => Unit(random, Dimensions)).ToArray();
        float[] Near(float[] center) => Normalize(center.Select(v => v + (float)(random.NextDouble() - 0.5) * 0.15f).ToArray());
        var exact = new VectorIndex(Dimensions, VectorScan.Exact);
        var partitioned = new VectorIndex(Dimensions, VectorScan.Partitioned);
        for (var i = 0; i < VectorIndex.PartitionFrom + 5_000; i++)
        {
            var vector = Near(centers[i % centers.Length]);
            exact.Replace($"m{i}", Chunks($"m{i}", vector), loading: true);
            partitioned.Replace($"m{i}", Chunks($"m{i}", vector), loading: true);
        }

        partitioned.Loaded();
        await partitioned.Building;
        Assert.True(partitioned.PartitionCount > 1);

        var queries = Enumerable.Range(0, 50).Select(i => Near(centers[i % centers.Length])).ToList();
        var recall = queries.Average(q =>
        {
            var truth = exact.Nearest(q, 10, null).Memories.Select(m => m.MemoryId).ToHashSet();
            var (candidates, complete) = partitioned.Nearest(q, 20, null);
            Assert.False(complete);
            var found = partitioned.Rescore(q, candidates.ConvertAll(m => m.MemoryId)).Take(10);
            return found.Count(m => truth.Contains(m.MemoryId)) / 10.0;
        });
        Assert.True(recall >= 0.85, $"recall@10 {recall}");

        var apart = Unit(random, Dimensions);
        partitioned.Replace("m3", Chunks("m3", apart));
        Assert.Equal("m3", partitioned.Nearest(apart, 1, null).Memories[0].MemoryId);
        partitioned.Replace("m3", []);
        Assert.False(partitioned.Contains("m3"));
        Assert.DoesNotContain(partitioned.Nearest(apart, 50, null).Memories, m => m.MemoryId == "m3");
        Assert.Equal(VectorIndex.PartitionFrom + 4_999, partitioned.Count);
    }

    [Fact]
    public void A_full_scan_finds_exactly_the_memories_with_the_best_sections()
    {
        var random = new Random(3);
        var index = new VectorIndex(Dimensions, VectorScan.Exact);
        var vectors = new Dictionary<string, float[][]>();
        for (var i = 0; i < 20_001; i++)
        {
            vectors[$"m{i}"] = [Unit(random, Dimensions), Unit(random, Dimensions)];
            index.Replace($"m{i}", Chunks($"m{i}", vectors[$"m{i}"]), loading: true);
        }

        for (var round = 0; round < 5; round++)
        {
            var query = Unit(random, Dimensions);
            var expected = vectors
                .Select(v => (MemoryId: v.Key, Score: v.Value.Max(vector => VectorIndex.FloatDot(query, vector))))
                .OrderByDescending(v => v.Score).Take(25).Select(v => v.MemoryId);
            var (found, complete) = index.Nearest(query, 25, null);
            Assert.True(complete);
            Assert.Equal(expected, found.Select(m => m.MemoryId));
        }
    }

    [Fact]
    public void Among_scores_every_vector_of_the_memories_named_and_only_those()
    {
        var random = new Random(5);
        var index = new VectorIndex(Dimensions, VectorScan.Partitioned);
        for (var i = 0; i < 100; i++)
        {
            index.Replace($"m{i}", Chunks($"m{i}", Unit(random, Dimensions), Unit(random, Dimensions)));
        }

        var (found, complete) = index.Nearest(Unit(random, Dimensions), 10, ["m1", "m2", "m3", "gone"]);
        Assert.True(complete);
        Assert.Equal(["m1", "m2", "m3"], found.Select(m => m.MemoryId).Order());

        var query = Unit(random, Dimensions);
        var rescored = index.Rescore(query, ["m7", "gone"]);
        Assert.Equal("m7", Assert.Single(rescored).MemoryId);
        Assert.StartsWith("section ", rescored[0].Heading, StringComparison.Ordinal);
        Assert.InRange(rescored[0].Similarity - index.Nearest(query, 1, ["m7"]).Memories[0].Score, -0.02, 0.02);
    }

    private static ChunkVector[] Chunks(string memoryId, params float[][] vectors) =>
        vectors.Select((vector, i) => new ChunkVector(memoryId, i, $"section {i}", vector)).ToArray();

    private static float[] Unit(Random random, int dimensions) => Normalize(Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray());

    private static float[] Normalize(float[] vector)
    {
        var length = MathF.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / length).ToArray();
    }
}
