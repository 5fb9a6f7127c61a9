namespace Engram.Server;

/// <summary>How <c>engram serve</c> runs.</summary>
public sealed record ServerOptions
{
    /// <summary>Where to listen; loopback by default, so nothing is exposed until you say so.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8420"];

    /// <summary>
    /// Requests per second each principal may make on average: a user or service account across all its API
    /// keys, or an agent session; 0 turns this limit off.
    /// </summary>
    public int RateLimitPerSecond { get; init; } = 200;

    /// <summary>Requests a principal may make in a burst above its average.</summary>
    public int RateLimitBurst { get; init; } = 400;

    /// <summary>
    /// Failed authentications (no key, or an unknown, revoked or ended one) one client address may make per
    /// <see cref="FailedAuthenticationWindow"/>; past it, the address's requests are refused with 429 before
    /// any key is checked, so guessing keys learns nothing. 0 turns this limit off.
    /// </summary>
    public int FailedAuthenticationLimit { get; init; } = 30;

    /// <summary>The window in which <see cref="FailedAuthenticationLimit"/> failures are counted.</summary>
    public TimeSpan FailedAuthenticationWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often a principal's budget earns <see cref="RateLimitPerSecond"/> requests back: a second. Tests
    /// stretch it so that no budget refills while they count requests.
    /// </summary>
    internal TimeSpan RateLimitReplenishmentPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Largest request body: 1 MiB, room for 102,400 bytes of content even when JSON escaping grows it
    /// sixfold (every byte a \u00XX escape).
    /// </summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>How long shutdown waits for requests in flight before it stops them.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Who may read <c>/metrics</c> (OpenTelemetry metrics in Prometheus' text format: counts, durations and route
    /// templates, never a store, path or content): by default clients on this machine without a key, so a server
    /// listening beyond loopback does not publish its workload with it.
    /// </summary>
    public MetricsAccess Metrics { get; init; } = MetricsAccess.Loopback;

    /// <summary>
    /// How long <c>/readyz</c> waits for the database before it answers 503: 2 s, far above a healthy read, so a
    /// database that hangs (an unreachable host, a full pool) reads as unavailable instead of holding the probe.
    /// </summary>
    public TimeSpan ReadinessTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often the workload gauges (queues, dreams) are counted: Prometheus' default scrape interval, so a scrape
    /// costs the database nothing and a sample is at most one interval old. Tests shorten it.
    /// </summary>
    internal TimeSpan MetricsSampleInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Run dreams in a background worker (resuming any a previous run left running); off only where another process runs them, or in tests.</summary>
    public bool RunDreams { get; init; } = true;

    /// <summary>
    /// How long the dream worker's claim on a dream lasts without renewal (it renews every third of it while it runs):
    /// a node that dies leaves its dream to another node's worker after this. 60 s unless set; it must be positive.
    /// </summary>
    public TimeSpan DreamLease { get; init; } = Engram.Dreaming.Dreams.DreamWorkerOptions.DefaultLease;
}
