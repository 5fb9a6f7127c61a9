using System.Diagnostics.Metrics;

namespace Engram.Diagnostics;

/// <summary>
/// The library's instruments (System.Diagnostics.Metrics) on one process-wide meter, <see cref="MeterName"/>: how the
/// storage commits. A host exports them by subscribing to the name (the server's <c>/metrics</c> does); with no listener,
/// recording costs next to nothing. Process-wide because backends make their <see cref="Storage.StorageStats"/> themselves:
/// a process with two engines reports their sum.
/// </summary>
internal static class EngramMetrics
{
    /// <summary>The meter's name, what an exporter subscribes to.</summary>
    public const string MeterName = "Engram";

    /// <summary>
    /// Bucket bounds of <see cref="CommitUnits"/>: powers of two, since a group commit carries one write when the store is
    /// quiet and as many as were queued under load (the SQLite backend caps a group well under the last bound).
    /// </summary>
    private static readonly int[] UnitBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

    private static readonly Meter Meter = new(MeterName, typeof(EngramMetrics).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> Commits = Meter.CreateCounter<long>(
        "engram.storage.commits", "{commit}", "Transactions the storage committed.");

    private static readonly Counter<long> Writes = Meter.CreateCounter<long>(
        "engram.storage.writes", "{write}", "Units of work the storage committed: a write, a batch, or any other change.");

    private static readonly Histogram<int> CommitUnits = Meter.CreateHistogram(
        "engram.storage.commit.units", "{write}", "Units of work per commit: more than one when the backend groups concurrent writes into one transaction.",
        tags: null, advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = UnitBuckets });

    /// <summary>Records one commit carrying <paramref name="units"/> units of work.</summary>
    public static void RecordCommit(int units)
    {
        Commits.Add(1);
        Writes.Add(units);
        CommitUnits.Record(units);
    }
}
