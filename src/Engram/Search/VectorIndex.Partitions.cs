namespace Engram.Search;

internal sealed partial class VectorIndex
{
    /// <summary>Vectors per partition aimed at: about 500 at 250,000 vectors, so a query ranks 500 centroids and reads a few dozen partitions.</summary>
    private const int VectorsPerPartition = 512;

    /// <summary>Most partitions: ranking the centroids stays far below reading the vectors.</summary>
    private const int MaxPartitions = 4_096;

    /// <summary>Training vectors per partition: k-means on a sample (the full set would cost minutes at 100,000 memories).</summary>
    private const int SamplePerPartition = 24;

    /// <summary>Rounds of k-means: the assignment settles within a few, and recall is measured (docs/BENCHMARKS.md).</summary>
    private const int Rounds = 8;

    /// <summary>Assigned vectors per read lock while partitioning: writers never wait long.</summary>
    private const int AssignBlock = 4_096;

    private readonly Lock _buildGate = new();
    private volatile Partitions? _partitions;
    private volatile bool _building;
    private int _layout;
    private Task _build = Task.CompletedTask;

    /// <summary>The partitioning under way, if any (for tests and the benchmark to wait on).</summary>
    internal Task Building
    {
        get
        {
            lock (_buildGate)
            {
                return _build;
            }
        }
    }

    /// <summary>How many partitions the vectors are in (0 while not partitioned).</summary>
    internal int PartitionCount => _partitions?.Members.Length ?? 0;

    /// <summary>Starts partitioning in the background when the store has grown past <see cref="PartitionFrom"/>, or doubled since the last time.</summary>
    private void PartitionIfDue()
    {
        if (scan != VectorScan.Partitioned)
        {
            return;
        }

        lock (_buildGate)
        {
            var live = Count;
            if (_building || live < PartitionFrom || (_partitions is { } built && live < 2 * built.BuiltAt))
            {
                return;
            }

            _building = true;
            _build = Task.Run(Partition);
        }
    }

    /// <summary>k-means over a sample, then every vector to its nearest centroid, in blocks; installed unless a compaction moved the slots meanwhile.</summary>
    private void Partition()
    {
        try
        {
            float[] sample;
            int layout, slots, count;
            _lock.EnterReadLock();
            try
            {
                (layout, slots) = (_layout, _slots);
                count = Math.Clamp(_live / VectorsPerPartition, 1, MaxPartitions);
                var live = Enumerable.Range(0, _slots).Where(slot => _memoryOf[slot] >= 0).ToList();
                var step = Math.Max(1, live.Count / (count * SamplePerPartition));
                var picked = live.Where((_, i) => i % step == 0).ToList();
                sample = new float[picked.Count * dimensions];
                for (var i = 0; i < picked.Count; i++)
                {
                    Dequantize(picked[i], sample.AsSpan(i * dimensions, dimensions));
                }
            }
            finally
            {
                _lock.ExitReadLock();
            }

            var partitions = new Partitions(KMeans(sample, count, dimensions), dimensions);
            var assigned = new int[slots];
            for (var start = 0; start < slots; start += AssignBlock)
            {
                _lock.EnterReadLock();
                try
                {
                    if (_layout != layout)
                    {
                        return;
                    }

                    for (var slot = start; slot < Math.Min(slots, start + AssignBlock); slot++)
                    {
                        assigned[slot] = _memoryOf[slot] < 0 ? -1 : NearestCentroid(partitions, slot);
                    }
                }
                finally
                {
                    _lock.ExitReadLock();
                }
            }

            _lock.EnterWriteLock();
            try
            {
                if (_layout != layout)
                {
                    return;
                }

                for (var slot = 0; slot < _slots; slot++)
                {
                    if (_memoryOf[slot] >= 0)
                    {
                        var nearest = slot < slots && assigned[slot] >= 0 ? assigned[slot] : NearestCentroid(partitions, slot);
                        _partitionOf[slot] = nearest;
                        partitions.Members[nearest].Add(slot);
                    }
                }

                partitions.BuiltAt = _live;
                _partitions = partitions;
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }
        finally
        {
            _building = false;
        }
    }

    private void Dequantize(int slot, Span<float> into)
    {
        var codes = _codes.AsSpan(slot * dimensions, dimensions);
        for (var i = 0; i < into.Length; i++)
        {
            into[i] = codes[i] * _scales[slot];
        }
    }

    private int NearestCentroid(Partitions partitions, int slot)
    {
        var codes = _codes.AsSpan(slot * dimensions, dimensions);
        var (nearest, best) = (0, float.MinValue);
        for (var p = 0; p < partitions.Members.Length; p++)
        {
            var score = Int8Dot(codes, partitions.Codes.AsSpan(p * dimensions, dimensions)) * partitions.Scales[p];
            if (score > best)
            {
                (nearest, best) = (p, score);
            }
        }

        return nearest;
    }

    /// <summary>
    /// Spherical k-means (similarity is the dot product of unit vectors): centroids start at evenly spaced
    /// sample vectors (deterministic), and one that loses every vector restarts at the vector its centroid fits worst.
    /// </summary>
    private static float[] KMeans(float[] sample, int count, int dimensions)
    {
        var points = sample.Length / dimensions;
        count = Math.Min(count, Math.Max(points, 1));
        var centroids = new float[count * dimensions];
        for (var c = 0; c < count; c++)
        {
            sample.AsSpan((int)((long)c * points / count) * dimensions, dimensions).CopyTo(centroids.AsSpan(c * dimensions));
            Normalize(centroids.AsSpan(c * dimensions, dimensions));
        }

        var assignment = new int[points];
        var fit = new float[points];
        for (var round = 0; round < Rounds; round++)
        {
            Parallel.For(0, points, point =>
            {
                var vector = sample.AsSpan(point * dimensions, dimensions);
                var (nearest, best) = (0, float.MinValue);
                for (var c = 0; c < count; c++)
                {
                    var score = FloatDot(vector, centroids.AsSpan(c * dimensions, dimensions));
                    if (score > best)
                    {
                        (nearest, best) = (c, score);
                    }
                }

                (assignment[point], fit[point]) = (nearest, best);
            });

            Array.Clear(centroids);
            var sizes = new int[count];
            for (var point = 0; point < points; point++)
            {
                sizes[assignment[point]]++;
                var into = centroids.AsSpan(assignment[point] * dimensions, dimensions);
                var vector = sample.AsSpan(point * dimensions, dimensions);
                for (var i = 0; i < dimensions; i++)
                {
                    into[i] += vector[i];
                }
            }

            for (var c = 0; c < count; c++)
            {
                if (sizes[c] == 0)
                {
                    var worst = Array.IndexOf(fit, fit.Min());
                    fit[worst] = float.MaxValue;
                    sample.AsSpan(worst * dimensions, dimensions).CopyTo(centroids.AsSpan(c * dimensions));
                }

                Normalize(centroids.AsSpan(c * dimensions, dimensions));
            }
        }

        return centroids;
    }

    private static void Normalize(Span<float> vector)
    {
        var length = MathF.Sqrt(FloatDot(vector, vector));
        if (length > 0)
        {
            foreach (ref var value in vector)
            {
                value /= length;
            }
        }
    }

    /// <summary>The centroids (as floats to rank them for a query, as 16-bit codes to place a vector) and each partition's members.</summary>
    private sealed class Partitions
    {
        public Partitions(float[] centroids, int dimensions)
        {
            var count = centroids.Length / dimensions;
            (Centroids, Dimensions, Codes, Scales, Members) = (centroids, dimensions, new short[centroids.Length], new float[count], new List<int>[count]);
            for (var p = 0; p < count; p++)
            {
                Scales[p] = QuantizeQuery(centroids.AsSpan(p * dimensions, dimensions), Codes.AsSpan(p * dimensions, dimensions));
                Members[p] = [];
            }
        }

        public float[] Centroids { get; }

        public int Dimensions { get; }

        public short[] Codes { get; }

        public float[] Scales { get; }

        public List<int>[] Members { get; }

        /// <summary>How many vectors there were when partitioned: doubling that partitions again.</summary>
        public int BuiltAt { get; set; }

        /// <summary>The partitions, nearest centroid to <paramref name="query"/> first.</summary>
        public int[] Order(float[] query)
        {
            var scores = new float[Members.Length];
            var order = new int[Members.Length];
            for (var p = 0; p < Members.Length; p++)
            {
                scores[p] = -FloatDot(query, Centroids.AsSpan(p * Dimensions, Dimensions));
                order[p] = p;
            }

            Array.Sort(scores, order);
            return order;
        }
    }
}
