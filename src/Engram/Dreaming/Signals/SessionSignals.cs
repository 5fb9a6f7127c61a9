using Engram.Sessions;

namespace Engram.Dreaming.Signals;

/// <summary>
/// Extracts the deterministic signals of one session in a single pass over its events: tool failures, retries
/// that recovered, user corrections, remember requests, memory reads and writes, repeated calls, and which
/// programs ran (once per program, with whether any run failed). Memory is
/// bounded by small windows (calls awaiting their result, recent failures, recent repeats), never the session.
/// Transcript text is only matched by fixed rules; nothing in it changes how extraction runs.
/// </summary>
internal static class SessionSignals
{
    /// <summary>The signals of <paramref name="events"/>, ordered by event index.</summary>
    public static IReadOnlyList<Signal> Extract(string sessionId, string agent, IEnumerable<StoredEvent> events)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(events);
        var extractor = new SessionSignalExtractor(sessionId, agent);
        foreach (var stored in events)
        {
            extractor.Add(stored.Index, stored.Event);
        }

        return extractor.Finish();
    }

    /// <summary>
    /// The signals worth a model's attention: all but <see cref="ProgramRunSignal"/>, which is bookkeeping for counter
    /// examples. A session with nothing else costs no model tokens.
    /// </summary>
    public static IEnumerable<Signal> Noteworthy(IEnumerable<Signal> signals) => signals.Where(s => s is not ProgramRunSignal);
}
