namespace Engram.Search;

/// <summary>How a store's vectors are searched: the default, and two slower ways kept to measure it against.</summary>
internal enum VectorScan
{
    /// <summary>8-bit codes; past <see cref="VectorIndex.PartitionFrom"/> vectors, only the k-means partitions nearest the query.</summary>
    Partitioned,

    /// <summary>8-bit codes, every vector.</summary>
    Quantized,

    /// <summary>Float vectors, every one: the exact scan (four times the memory; for measurement).</summary>
    Exact,
}

/// <summary>
/// One store's section vectors held for nearest-neighbour search. Each vector is quantized to 8 bits with its
/// own scale (a quarter of the float's bytes; ranks the same within about 1%), and once a store holds
/// <see cref="PartitionFrom"/> vectors they are partitioned by k-means, so a query reads the partitions nearest
/// to it instead of every vector. <see cref="Nearest"/> scores approximately; <see cref="Rescore"/> scores the
/// best candidates again with 16-bit floats (errors under 10^-3), also held, so no query reads the database.
/// Updates are in place (a drain replaces one memory's vectors); partitions are built off the caller's path and
/// new vectors join their nearest partition. Searches share a read lock; updates are brief.
/// </summary>
internal sealed partial class VectorIndex(int dimensions, VectorScan scan)
{
    /// <summary>Below this many vectors every one is scanned (8-bit codes of 20,000 vectors are 7.7 MB: about a millisecond).</summary>
    internal const int PartitionFrom = 20_000;

    // Slot i holds one section vector: its codes at [i * dimensions, (i + 1) * dimensions), its scale, its memory's
    // ordinal (-1 once replaced or removed) and its partition. Dead slots are reclaimed by compaction.
    private sbyte[] _codes = new sbyte[64 * dimensions];
    private float[] _scales = new float[64];
    private int[] _memoryOf = new int[64];
    private int[] _partitionOf = new int[64];
    private float[]? _floats = scan == VectorScan.Exact ? new float[64 * dimensions] : null;
    private Half[]? _halves = scan == VectorScan.Exact ? null : new Half[64 * dimensions];
    private string[] _headings = new string[64];
    private readonly Dictionary<string, string> _headingNames = new(StringComparer.Ordinal);
    private int _slots;
    private int _live;

    private readonly Dictionary<string, int> _ordinals = new(StringComparer.Ordinal);
    private readonly List<string> _memoryIds = [];
    private readonly List<int[]> _slotsOf = [];
    private readonly ReaderWriterLockSlim _lock = new();

    /// <summary>How many section vectors are held.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _live;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Bytes held per vector: codes, scale, owner, partition, heading, and the 16-bit floats (or, scanning exactly, the floats).</summary>
    public int BytesPerVector => dimensions + 20 + (_floats is null ? dimensions * 2 : dimensions * sizeof(float));

    /// <summary>True when the memory has vectors here.</summary>
    public bool Contains(string memoryId)
    {
        _lock.EnterReadLock();
        try
        {
            return _ordinals.TryGetValue(memoryId, out var ordinal) && _slotsOf[ordinal].Length > 0;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Replaces a memory's vectors (none: removes it); partitions again when the store has grown enough, unless <paramref name="loading"/>.</summary>
    public void Replace(string memoryId, IReadOnlyList<ChunkVector> vectors, bool loading = false)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_ordinals.TryGetValue(memoryId, out var ordinal))
            {
                if (vectors.Count == 0)
                {
                    return;
                }

                ordinal = _memoryIds.Count;
                _ordinals[memoryId] = ordinal;
                _memoryIds.Add(memoryId);
                _slotsOf.Add([]);
            }

            foreach (var slot in _slotsOf[ordinal])
            {
                _memoryOf[slot] = -1;
                _live--;
            }

            var slots = new int[vectors.Count];
            for (var i = 0; i < vectors.Count; i++)
            {
                slots[i] = Append(ordinal, vectors[i]);
            }

            _slotsOf[ordinal] = slots;
            if (_slots - _live > Math.Max(_live, 1_024) && !_building)
            {
                Compact();
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        if (!loading)
        {
            PartitionIfDue();
        }
    }

    /// <summary>Starts partitioning in the background if the vectors loaded call for it.</summary>
    public void Loaded() => PartitionIfDue();

    private int Append(int ordinal, ChunkVector chunk)
    {
        var vector = chunk.Vector;
        if (_slots == _scales.Length)
        {
            var capacity = _scales.Length * 2;
            Array.Resize(ref _codes, capacity * dimensions);
            Array.Resize(ref _scales, capacity);
            Array.Resize(ref _memoryOf, capacity);
            Array.Resize(ref _partitionOf, capacity);
            Array.Resize(ref _headings, capacity);
            if (_halves is not null)
            {
                Array.Resize(ref _halves, capacity * dimensions);
            }

            if (_floats is not null)
            {
                Array.Resize(ref _floats, capacity * dimensions);
            }
        }

        var slot = _slots++;
        _scales[slot] = Quantize(vector, _codes.AsSpan(slot * dimensions, dimensions));
        if (_floats is not null)
        {
            vector.CopyTo(_floats.AsSpan(slot * dimensions));
        }

        if (_halves is not null)
        {
            for (var i = 0; i < dimensions; i++)
            {
                _halves[slot * dimensions + i] = (Half)vector[i];
            }
        }

        _headings[slot] = _headingNames.TryGetValue(chunk.Heading, out var heading) ? heading : _headingNames[chunk.Heading] = chunk.Heading;
        _memoryOf[slot] = ordinal;
        _partitionOf[slot] = -1;
        _live++;
        if (_partitions is { } partitions)
        {
            var nearest = NearestCentroid(partitions, slot);
            _partitionOf[slot] = nearest;
            partitions.Members[nearest].Add(slot);
        }

        return slot;
    }

    /// <summary>Moves the live slots down over the dead ones (under the write lock), renumbering the partitions' members.</summary>
    private void Compact()
    {
        var next = 0;
        var moved = new int[_slots];
        for (var slot = 0; slot < _slots; slot++)
        {
            moved[slot] = -1;
            if (_memoryOf[slot] < 0)
            {
                continue;
            }

            if (slot != next)
            {
                _codes.AsSpan(slot * dimensions, dimensions).CopyTo(_codes.AsSpan(next * dimensions));
                _floats?.AsSpan(slot * dimensions, dimensions).CopyTo(_floats.AsSpan(next * dimensions));
                _halves?.AsSpan(slot * dimensions, dimensions).CopyTo(_halves.AsSpan(next * dimensions));
                (_scales[next], _memoryOf[next], _partitionOf[next], _headings[next]) = (_scales[slot], _memoryOf[slot], _partitionOf[slot], _headings[slot]);
            }

            moved[slot] = next++;
        }

        _slots = next;
        foreach (var slots in _slotsOf)
        {
            for (var i = 0; i < slots.Length; i++)
            {
                slots[i] = moved[slots[i]];
            }
        }

        if (_partitions is { } partitions)
        {
            foreach (var members in partitions.Members)
            {
                members.Clear();
            }

            for (var slot = 0; slot < _slots; slot++)
            {
                partitions.Members[_partitionOf[slot]].Add(slot);
            }
        }

        _layout++;
    }

    /// <summary>Writes a vector's 8-bit codes (symmetric: its largest magnitude maps to 127) and returns their scale.</summary>
    internal static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var largest = 0f;
        foreach (var value in vector)
        {
            largest = MathF.Max(largest, MathF.Abs(value));
        }

        var scale = largest == 0 ? 1f : largest / 127f;
        for (var i = 0; i < vector.Length; i++)
        {
            codes[i] = (sbyte)MathF.Round(vector[i] / scale);
        }

        return scale;
    }
}
