using System.Diagnostics.Metrics;
using Engram.Diagnostics;
using Engram.Dreaming.Dreams;

namespace Engram.Server.Metrics;

/// <summary>
/// The server's own instruments, on the meter <see cref="MeterName"/>: the workload gauges, which read the last
/// <see cref="WorkloadSample"/> (taken every few seconds by <see cref="WorkloadSampling"/>, so a scrape never queries the
/// database), and what the indexing worker took off the search queues. Before the first sample, or after one failed,
/// the gauges report nothing rather than a stale count.
/// </summary>
internal sealed class ServerMetrics
{
    /// <summary>The meter's name, what the exporter subscribes to.</summary>
    public const string MeterName = "Engram.Server";

    /// <summary>The attribute naming a search queue: <c>index</c> (full text) or <c>embedding</c> (semantic).</summary>
    private const string QueueName = "engram.search.queue.name";

    private readonly Counter<long> _processed;
    private volatile WorkloadSample? _sample;

    public ServerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName, typeof(ServerMetrics).Assembly.GetName().Version?.ToString());
        meter.CreateObservableUpDownCounter("engram.search.queue.length", ObserveQueues, "{memory}",
            $"Memories waiting in a search queue; counted every few seconds, up to {WorkloadSampler.MaxCounted} (a longer queue reads as that).");
        meter.CreateObservableUpDownCounter("engram.dream.count", ObserveDreams, "{dream}",
            "Dreams in each status, archived ones included; counted every few seconds.");
        meter.CreateObservableUpDownCounter("engram.dream.session.count", ObserveDreamSessions, "{session}",
            "Sessions of the running dreams, analyzed or not yet: their progress is analyzed / (analyzed + unanalyzed).");
        _processed = meter.CreateCounter<long>("engram.search.queue.processed", "{memory}",
            "Memories this node's background worker took off a search queue (indexed or embedded).");
    }

    /// <summary>Publishes a new sample; null when the last one failed, so the gauges go quiet.</summary>
    public void Publish(WorkloadSample? sample) => _sample = sample;

    /// <summary>Records what one round of the indexing worker did.</summary>
    public void RecordProcessed(int indexed, int embedded)
    {
        if (indexed > 0)
        {
            _processed.Add(indexed, new KeyValuePair<string, object?>(QueueName, "index"));
        }

        if (embedded > 0)
        {
            _processed.Add(embedded, new KeyValuePair<string, object?>(QueueName, "embedding"));
        }
    }

    private IEnumerable<Measurement<int>> ObserveQueues() => _sample is { } sample
        ?
        [
            new(sample.IndexQueue, new KeyValuePair<string, object?>(QueueName, "index")),
            new(sample.EmbeddingQueue, new KeyValuePair<string, object?>(QueueName, "embedding")),
        ]
        : [];

    private IEnumerable<Measurement<int>> ObserveDreams() => _sample is { } sample
        ? sample.Dreams.Select(d => new Measurement<int>(d.Value, new KeyValuePair<string, object?>("engram.dream.status", DreamStatusNames.Of(d.Key))))
        : [];

    private IEnumerable<Measurement<int>> ObserveDreamSessions() => _sample is { } sample
        ?
        [
            new(sample.SessionsAnalyzed, new KeyValuePair<string, object?>("engram.dream.session.state", "analyzed")),
            new(sample.SessionsTotal - sample.SessionsAnalyzed, new KeyValuePair<string, object?>("engram.dream.session.state", "unanalyzed")),
        ]
        : [];
}
