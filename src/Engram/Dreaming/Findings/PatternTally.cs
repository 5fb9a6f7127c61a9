using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

/// <summary>
/// Counts signals by <see cref="Signal.Signature"/> across sessions, fed one session at a time in any order.
/// Memory grows with the number of distinct signatures (each keeps its agents and at most
/// <see cref="MaxEvidencePerPattern"/> evidence entries), never with events or sessions. The result does not
/// depend on the order sessions are fed: evidence is kept by session start time, then session id, then event.
/// Each session must be fed once; a second call for the same session counts it again.
/// </summary>
public sealed class PatternTally
{
    /// <summary>Evidence kept per pattern: enough for a reviewer to check the claim, few enough to read; the earliest are kept.</summary>
    public const int MaxEvidencePerPattern = 10;

    private readonly Dictionary<string, PatternCount> _patterns = new(StringComparer.Ordinal);

    /// <summary>Sessions fed so far, with or without signals.</summary>
    public int SessionsRead { get; private set; }

    /// <summary>Counts one session's signals; a signature seen several times in it counts once, at its first event.</summary>
    /// <param name="sessionId">The session the signals came from.</param>
    /// <param name="signals">Its signals, as <see cref="SessionSignals.Extract"/> returns them.</param>
    /// <param name="startedAt">When the session started, if known: orders evidence and gives first and last seen.</param>
    public void Add(string sessionId, IEnumerable<Signal> signals, DateTimeOffset? startedAt = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(signals);
        SessionsRead++;
        var firstBySignature = new Dictionary<string, Signal>(StringComparer.Ordinal);
        foreach (var signal in signals)
        {
            if (!firstBySignature.TryGetValue(signal.Signature, out var first) || signal.EventIndex < first.EventIndex)
            {
                firstBySignature[signal.Signature] = signal;
            }
        }

        foreach (var (signature, signal) in firstBySignature)
        {
            if (!_patterns.TryGetValue(signature, out var count))
            {
                count = new PatternCount();
                _patterns.Add(signature, count);
            }

            count.Add(new SessionOrder(startedAt, sessionId, signal.EventIndex), signal);
        }
    }

    /// <summary>Every pattern counted so far, by signature (ordinal).</summary>
    public IReadOnlyList<Pattern> Patterns() =>
        [.. _patterns.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value.ToPattern(pair.Key, SessionsRead))];
}
