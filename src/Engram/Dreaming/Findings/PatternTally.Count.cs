using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

/// <summary>Sessions with a start time come first, by time; then by id (ordinal); then by event.</summary>
internal readonly record struct SessionOrder(DateTimeOffset? StartedAt, string SessionId, long EventIndex) : IComparable<SessionOrder>
{
    public int CompareTo(SessionOrder other)
    {
        var byTime = (StartedAt, other.StartedAt) switch
        {
            ({ } a, { } b) => a.CompareTo(b),
            (not null, null) => -1,
            (null, not null) => 1,
            _ => 0,
        };
        if (byTime != 0)
        {
            return byTime;
        }

        var byId = string.CompareOrdinal(SessionId, other.SessionId);
        return byId != 0 ? byId : EventIndex.CompareTo(other.EventIndex);
    }
}

/// <summary>The running count of one signature.</summary>
internal sealed class PatternCount
{
    private readonly SortedSet<string> _agents = new(StringComparer.Ordinal);
    private readonly List<(SessionOrder Order, Signal Signal)> _evidence = [];
    private int _sessions;
    private DateTimeOffset? _firstSeen;
    private DateTimeOffset? _lastSeen;

    public void Add(SessionOrder order, Signal signal)
    {
        _sessions++;
        _agents.Add(signal.Agent);
        if (order.StartedAt is { } started)
        {
            _firstSeen = _firstSeen is { } first && first <= started ? first : started;
            _lastSeen = _lastSeen is { } last && last >= started ? last : started;
        }

        var at = _evidence.FindIndex(entry => order.CompareTo(entry.Order) < 0);
        _evidence.Insert(at < 0 ? _evidence.Count : at, (order, signal));
        if (_evidence.Count > PatternTally.MaxEvidencePerPattern)
        {
            _evidence.RemoveAt(_evidence.Count - 1);
        }
    }

    public Pattern ToPattern(string signature, int sessionsRead) => new(
        signature,
        new Prevalence(_sessions, sessionsRead, [.. _agents], _firstSeen, _lastSeen),
        [.. _evidence.Select(entry => PatternEvidence.Of(entry.Signal))],
        _evidence[0].Signal);
}
