using Engram.Storage;

namespace Engram.Dreaming.Dreams;

/// <summary>
/// The lease a worker holds on the dream it runs: its id (unique per process) and how long each renewal lasts. A
/// runner given a hold renews it in every write it makes for the dream, in the same unit, so it writes only while it
/// holds the dream; a run without one (a foreground run on a dream a worker holds) writes unleased.
/// </summary>
/// <param name="WorkerId">The worker, as <see cref="IDreamWriter.ClaimNextDream"/> recorded it.</param>
/// <param name="Lease">How long a renewal keeps the dream.</param>
internal sealed record DreamHold(string WorkerId, TimeSpan Lease)
{
    /// <summary>A worker id for this process: the machine's name and a random part, so two processes on one machine differ.</summary>
    public static string NewWorkerId() => $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Renews the hold inside <paramref name="tx"/>; false when another worker has taken the dream.</summary>
    public bool Renew(IStorageWriter tx, string dreamId, TimeProvider time) => tx.RenewDreamLease(dreamId, WorkerId, time.GetUtcNow() + Lease);
}

/// <summary>A runner found that another worker took its dream (its lease ended and was claimed): it stops and writes nothing more.</summary>
internal sealed class DreamLeaseLostException(string dreamId, string workerId)
    : Exception($"dream {dreamId} is no longer held by worker {workerId}: another worker claimed it after the lease ended")
{
    /// <summary>The dream.</summary>
    public string DreamId { get; } = dreamId;
}
