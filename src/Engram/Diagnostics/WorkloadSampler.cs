using Engram.Dreaming.Dreams;
using Engram.Storage;

namespace Engram.Diagnostics;

/// <summary>
/// Counts the work waiting in the database, for a host to publish as gauges: the search queues, dreams by status, and
/// how far the running dreams have got. The counts are of the whole database, so every node of a shared one reports
/// the same. A sample runs a handful of bounded reads; a host takes one every few seconds, never one per scrape.
/// </summary>
internal sealed class WorkloadSampler(ISearchIndexStorage search, IDreamStorage dreams)
{
    /// <summary>
    /// Most items one count reads (the ports list, they do not count): a backlog beyond it reads as this many, "at
    /// least", so that a sample stays a few milliseconds however far indexing has fallen behind.
    /// </summary>
    public const int MaxCounted = 10_000;

    /// <summary>Running dreams whose progress a sample reads: a worker runs one dream at a time, so there are rarely more than nodes.</summary>
    private const int MaxRunningRead = 100;

    /// <summary>Reads the counts now.</summary>
    public async Task<WorkloadSample> SampleAsync(CancellationToken cancellationToken)
    {
        var index = (await search.PendingIndexWorkAsync(null, MaxCounted, cancellationToken).ConfigureAwait(false)).Count;
        var embedding = (await search.PendingEmbeddingWorkAsync(null, MaxCounted, cancellationToken).ConfigureAwait(false)).Count;
        var byStatus = new Dictionary<DreamStatus, int>();
        IReadOnlyList<string> running = [];
        foreach (var status in DreamStatusNames.Statuses)
        {
            var ids = await dreams.ListDreamIdsAsync(status, MaxCounted, cancellationToken).ConfigureAwait(false);
            byStatus[status] = ids.Count;
            if (status == DreamStatus.Running)
            {
                running = ids;
            }
        }

        int analyzed = 0, total = 0;
        foreach (var id in running.Take(MaxRunningRead))
        {
            if (await dreams.GetDreamAsync(id, cancellationToken).ConfigureAwait(false) is { Status: DreamStatus.Running } dream)
            {
                analyzed += dream.Progress.SessionsAnalyzed;
                total += dream.Progress.SessionsTotal;
            }
        }

        return new WorkloadSample(index, embedding, byStatus, analyzed, total);
    }
}

/// <summary>What <see cref="WorkloadSampler"/> counted; each count is at most <see cref="WorkloadSampler.MaxCounted"/>.</summary>
/// <param name="IndexQueue">Memories waiting to be (re)indexed for full-text search.</param>
/// <param name="EmbeddingQueue">Memories waiting to be embedded for semantic search.</param>
/// <param name="Dreams">Dreams in each status (archived ones included).</param>
/// <param name="SessionsAnalyzed">Sessions the running dreams have analysed.</param>
/// <param name="SessionsTotal">Sessions the running dreams read in all.</param>
internal sealed record WorkloadSample(int IndexQueue, int EmbeddingQueue, IReadOnlyDictionary<DreamStatus, int> Dreams, int SessionsAnalyzed, int SessionsTotal);
