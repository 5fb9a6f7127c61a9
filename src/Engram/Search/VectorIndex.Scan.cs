using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Engram.Search;

internal sealed partial class VectorIndex
{
    /// <summary>A query reads at least 1/<see cref="ProbeShare"/> (an eighth) of the vectors when partitioned: enough that the nearest rarely hide in a partition left unread (settable for the benchmark, which measures recall per share).</summary>
    internal static int ProbeShare { get; set; } = 8;

    /// <summary>...and at least this many vectors per memory asked for, so a deeper page or a filtered search reads further.</summary>
    private const int ProbePerResult = 64;

    /// <summary>Range of a query's 16-bit codes: finer than the vectors' 8 bits, and their products summed over 384 dimensions stay far inside 32 bits.</summary>
    private const float QueryRange = 2_047f;

    // Per thread, per memory ordinal: the best score of the current query and the stamp saying it is this query's.
    [ThreadStatic]
    private static float[]? t_best;

    [ThreadStatic]
    private static int[]? t_stamps;

    [ThreadStatic]
    private static int t_stamp;

    /// <summary>
    /// The <paramref name="limit"/> memories whose best section is nearest to <paramref name="query"/> (a unit
    /// vector), best first, by approximate similarity; only among <paramref name="among"/> when given (every
    /// vector of those is read). <c>Complete</c> is true when every vector that could match was read, so fewer
    /// than <paramref name="limit"/> memories means there are no more.
    /// </summary>
    public (List<(string MemoryId, float Score)> Memories, bool Complete) Nearest(float[] query, int limit, IReadOnlyCollection<string>? among)
    {
        var codes = new short[dimensions];
        var queryScale = QuantizeQuery(query, codes);
        _lock.EnterReadLock();
        try
        {
            var ordinals = _memoryIds.Count;
            if (t_best is null || t_best.Length < ordinals)
            {
                t_best = new float[Math.Max(ordinals, 1_024) * 2];
                t_stamps = new int[t_best.Length];
            }

            var (best, stamps, stamp) = (t_best, t_stamps!, ++t_stamp);
            var touched = new List<int>();
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            void Visit(int slot)
            {
                var ordinal = _memoryOf[slot];
                if (ordinal < 0)
                {
                    return;
                }

                var score = _floats is { } floats
                    ? FloatDot(query, floats.AsSpan(slot * dimensions, dimensions))
                    : Int8Dot(_codes.AsSpan(slot * dimensions, dimensions), codes) * _scales[slot] * queryScale;
                if (stamps[ordinal] != stamp)
                {
                    stamps[ordinal] = stamp;
                    best[ordinal] = score;
                    touched.Add(ordinal);
                }
                else if (score > best[ordinal])
                {
                    best[ordinal] = score;
                }
            }

            var complete = true;
            if (among is not null)
            {
                foreach (var memoryId in among)
                {
                    if (_ordinals.TryGetValue(memoryId, out var ordinal))
                    {
                        foreach (var slot in _slotsOf[ordinal])
                        {
                            Visit(slot);
                        }
                    }
                }
            }
            else if (_partitions is { } partitions && scan == VectorScan.Partitioned)
            {
                var wanted = Math.Max(_live / ProbeShare, limit * ProbePerResult);
                var read = 0;
                var order = partitions.Order(query);
                for (var i = 0; i < order.Length && read < wanted; i++)
                {
                    var members = partitions.Members[order[i]];
                    foreach (var slot in CollectionsMarshal.AsSpan(members))
                    {
                        Visit(slot);
                    }

                    read += members.Count;
                    complete = i == order.Length - 1;
                }
            }
            else
            {
                // Every vector, on one thread: split across both cores the scan of 225,000 vectors took the same
                // 6.3 ms (it reads 86 MB, about as fast as memory delivers it).
                for (var slot = 0; slot < _slots; slot++)
                {
                    Visit(slot);
                }
            }

            var top = new PriorityQueue<int, float>(limit + 1);
            foreach (var ordinal in touched)
            {
                top.Enqueue(ordinal, best[ordinal]);
                if (top.Count > limit)
                {
                    top.Dequeue();
                }
            }

            var result = new List<(string MemoryId, float Score)>(top.Count);
            while (top.TryDequeue(out var ordinal, out var score))
            {
                result.Add((_memoryIds[ordinal], score));
            }

            result.Reverse();
            return (result, complete);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// The memories named that have vectors, best first by the similarity of their best section to
    /// <paramref name="query"/>, computed from the 16-bit floats (or the floats, scanning exactly), with that section's heading.
    /// </summary>
    public List<(string MemoryId, double Similarity, string Heading)> Rescore(float[] query, IReadOnlyCollection<string> memoryIds)
    {
        var scored = new List<(string MemoryId, double Similarity, string Heading)>(memoryIds.Count);
        Span<float> vector = stackalloc float[dimensions];
        _lock.EnterReadLock();
        try
        {
            foreach (var memoryId in memoryIds)
            {
                if (!_ordinals.TryGetValue(memoryId, out var ordinal) || _slotsOf[ordinal].Length == 0)
                {
                    continue;
                }

                var (best, heading) = (float.MinValue, "");
                foreach (var slot in _slotsOf[ordinal])
                {
                    float score;
                    if (_floats is { } floats)
                    {
                        score = FloatDot(query, floats.AsSpan(slot * dimensions, dimensions));
                    }
                    else
                    {
                        var halves = _halves.AsSpan(slot * dimensions, dimensions);
                        for (var i = 0; i < dimensions; i++)
                        {
                            vector[i] = (float)halves[i];
                        }

                        score = FloatDot(query, vector);
                    }

                    if (score > best)
                    {
                        (best, heading) = (score, _headings[slot]);
                    }
                }

                scored.Add((memoryId, best, heading));
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        scored.Sort((a, b) => a.Similarity != b.Similarity ? b.Similarity.CompareTo(a.Similarity) : string.CompareOrdinal(a.MemoryId, b.MemoryId));
        return scored;
    }

    /// <summary>A query's 16-bit codes (its largest magnitude maps to <see cref="QueryRange"/>) and their scale.</summary>
    private static float QuantizeQuery(ReadOnlySpan<float> query, Span<short> codes)
    {
        var largest = 0f;
        foreach (var value in query)
        {
            largest = MathF.Max(largest, MathF.Abs(value));
        }

        var scale = largest == 0 ? 1f : largest / QueryRange;
        for (var i = 0; i < query.Length; i++)
        {
            codes[i] = (short)MathF.Round(query[i] / scale);
        }

        return scale;
    }

    /// <summary>The dot product of 8-bit codes with 16-bit codes: 16 products per instruction where AVX2 is there.</summary>
    internal static int Int8Dot(ReadOnlySpan<sbyte> codes, ReadOnlySpan<short> query)
    {
        var sum = 0;
        var i = 0;
        if (Avx2.IsSupported && codes.Length >= 16)
        {
            ref var c = ref MemoryMarshal.GetReference(codes);
            ref var q = ref MemoryMarshal.GetReference(query);
            var acc = Vector256<int>.Zero;
            for (; i <= codes.Length - 16; i += 16)
            {
                var wide = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref c, i))).AsSByte());
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(wide, Vector256.LoadUnsafe(ref Unsafe.Add(ref q, i))));
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < codes.Length; i++)
        {
            sum += codes[i] * query[i];
        }

        return sum;
    }

    /// <summary>The dot product of two float vectors in SIMD lanes (cosine similarity of unit vectors).</summary>
    internal static float FloatDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var width = Vector<float>.Count;
        var sums = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - width; i += width)
        {
            sums += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        }

        var total = Vector.Sum(sums);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }
}
