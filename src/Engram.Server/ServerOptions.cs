namespace Engram.Server;

/// <summary>How <c>engram serve</c> runs.</summary>
public sealed record ServerOptions
{
    /// <summary>Where to listen; loopback by default, so nothing is exposed until you say so.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8420"];

    /// <summary>Requests per second each API key may make on average; 0 turns rate limiting off.</summary>
    public int RateLimitPerSecond { get; init; } = 200;

    /// <summary>Requests a key may make in a burst above its average.</summary>
    public int RateLimitBurst { get; init; } = 400;

    /// <summary>
    /// Largest request body: 1 MiB, room for 102,400 bytes of content even when JSON escaping grows it
    /// sixfold (every byte a \u00XX escape).
    /// </summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>How long shutdown waits for requests in flight before it stops them.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Run dreams in a background worker (resuming any a previous run left running); off only where another process runs them, or in tests.</summary>
    public bool RunDreams { get; init; } = true;
}
