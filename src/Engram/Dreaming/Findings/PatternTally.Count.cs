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
    /// <summary>Distinct quotes and projects counted per pattern: the common ones surface long before this bound.</summary>
    private const int MaxTracked = 64;

    private readonly SortedSet<string> _agents = new(StringComparer.Ordinal);
    private readonly List<(SessionOrder Order, Signal Signal)> _evidence = [];
    private readonly Dictionary<string, int> _quotes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _projects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _variants = new(StringComparer.Ordinal);
    private int _sessions;
    private int _occurrences;
    private DateTimeOffset? _firstSeen;
    private DateTimeOffset? _lastSeen;
    private int _weakestTime;

    public void Add(SessionOrder order, Signal first, IReadOnlyList<Signal> all, SessionFacts facts)
    {
        _sessions++;
        _occurrences += all.Count;
        _agents.Add(first.Agent);
        foreach (var quote in all.Select(PatternEvidence.QuoteOf).Where(quote => quote.Length > 0).Distinct(StringComparer.Ordinal))
        {
            Count(_quotes, quote);
        }

        foreach (var variant in all.Select(signal => signal.Variant).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            Count(_variants, variant);
        }

        if (facts.Project is { } project)
        {
            Count(_projects, project);
        }

        // The events' own times when the transcript has them, else the session's start, else its import.
        var times = all.Select(signal => signal.At).OfType<DateTimeOffset>().ToList();
        var (earliest, latest, source) = times.Count > 0 ? (times.Min(), times.Max(), 0)
            : facts.StartedAt is { } started ? (started, started, 1)
            : facts.RecordedAt is { } recorded ? (recorded, recorded, 2)
            : ((DateTimeOffset?)null, (DateTimeOffset?)null, 0);
        if (earliest is { } from && latest is { } to)
        {
            _firstSeen = _firstSeen is { } f && f <= from ? f : from;
            _lastSeen = _lastSeen is { } l && l >= to ? l : to;
            _weakestTime = Math.Max(_weakestTime, source);
        }

        var at = _evidence.FindIndex(entry => order.CompareTo(entry.Order) < 0);
        _evidence.Insert(at < 0 ? _evidence.Count : at, (order, first));
        if (_evidence.Count > PatternTally.MaxEvidencePerPattern)
        {
            _evidence.RemoveAt(_evidence.Count - 1);
        }
    }

    public Pattern ToPattern(string signature, int sessionsRead) => new(
        signature,
        new Prevalence(_sessions, sessionsRead, [.. _agents], _firstSeen, _lastSeen)
        {
            Occurrences = _occurrences,
            SeenFrom = _weakestTime switch { 0 => SeenTimes.Events, 1 => SeenTimes.SessionStart, _ => SeenTimes.Import },
        },
        [.. _evidence.Select(entry => PatternEvidence.Of(entry.Signal))],
        _evidence[0].Signal)
    {
        Quotes = [.. Top(_quotes, PatternTally.MaxQuotesPerPattern).Select(pair => new TextCount(pair.Key, pair.Value))],
        Variants = [.. Top(_variants, MaxTracked).Select(pair => new TextCount(pair.Key, pair.Value))],
        Projects = [.. Top(_projects, MaxTracked).Select(pair => new ProjectCount(pair.Key, pair.Value))],
    };

    private static void Count(Dictionary<string, int> counts, string key)
    {
        if (counts.ContainsKey(key) || counts.Count < MaxTracked)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
    }

    private static IEnumerable<KeyValuePair<string, int>> Top(Dictionary<string, int> counts, int take) =>
        counts.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).Take(take);
}
