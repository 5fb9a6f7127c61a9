using Engram.Diagnostics;

namespace Engram.Storage;

/// <summary>
/// Write counters: how many units of work ran and how many commits carried them. Each commit is also recorded on the
/// process-wide meter (<see cref="EngramMetrics"/>), where the size of each commit is kept as a histogram.
/// </summary>
public sealed class StorageStats
{
    private long _commits;
    private long _writes;

    /// <summary>Transactions committed.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Units of work that completed (successfully or with a domain error).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Records one commit carrying <paramref name="writes"/> units of work.</summary>
    public void RecordCommit(int writes)
    {
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _writes, writes);
        EngramMetrics.RecordCommit(writes);
    }
}
