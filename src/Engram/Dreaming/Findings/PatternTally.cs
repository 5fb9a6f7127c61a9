using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

/// <summary>What a dream knows of a session besides its signals, for ordering evidence and dating patterns.</summary>
/// <param name="StartedAt">When the transcript says it started.</param>
/// <param name="RecordedAt">When Engram recorded it (its import): the time that stands in when the transcript has none.</param>
/// <param name="Project">The repository or project it worked on, when the transcript names one.</param>
internal sealed record SessionFacts(DateTimeOffset? StartedAt = null, DateTimeOffset? RecordedAt = null, string? Project = null);

/// <summary>
/// Counts signals by <see cref="Signal.Signature"/> across sessions, fed one session at a time in any order.
/// Memory grows with the number of distinct signatures (each keeps its agents, at most
/// <see cref="MaxEvidencePerPattern"/> evidence entries and a bounded count of quotes and projects), never with
/// events or sessions. The result does not depend on the order sessions are fed: evidence is kept by session start
/// time, then session id, then event. Each session must be fed once; a second call for the same session counts it again.
/// </summary>
internal sealed class PatternTally
{
    /// <summary>Evidence kept per pattern: enough for a reviewer to check the claim, few enough to read; the earliest are kept.</summary>
    public const int MaxEvidencePerPattern = 10;

    /// <summary>Quotes a pattern reports: the common wordings of its error; the rest are variations.</summary>
    public const int MaxQuotesPerPattern = 5;

    /// <summary>Distinct projects counted for the whole dream: a fleet works on a bounded set; beyond it, a project is not counted.</summary>
    internal const int MaxProjects = 10_000;

    private readonly Dictionary<string, PatternCount> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _projects = new(StringComparer.Ordinal);

    /// <summary>Sessions fed so far, with or without signals.</summary>
    public int SessionsRead { get; private set; }

    /// <summary>Sessions read per project, the most first (ties: ordinal): the denominators of a pattern's <see cref="Pattern.Projects"/>.</summary>
    public IReadOnlyList<ProjectCount> Projects =>
        [.. _projects.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new ProjectCount(p.Key, p.Value))];

    /// <summary>Counts one session's signals; a signature seen several times in it counts once, at its first event.</summary>
    /// <param name="sessionId">The session the signals came from.</param>
    /// <param name="signals">Its signals, as <see cref="SessionSignals.Extract"/> returns them.</param>
    /// <param name="startedAt">When the session started, if known: orders evidence, and dates patterns whose signals have no time.</param>
    public void Add(string sessionId, IEnumerable<Signal> signals, DateTimeOffset? startedAt = null) => Add(sessionId, signals, new SessionFacts(startedAt));

    /// <summary>Counts one session's signals with what else is known of the session.</summary>
    public void Add(string sessionId, IEnumerable<Signal> signals, SessionFacts facts)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(facts);
        SessionsRead++;
        if (facts.Project is { } project && (_projects.ContainsKey(project) || _projects.Count < MaxProjects))
        {
            _projects[project] = _projects.GetValueOrDefault(project) + 1;
        }

        var bySignature = new Dictionary<string, List<Signal>>(StringComparer.Ordinal);
        foreach (var signal in signals)
        {
            if (!bySignature.TryGetValue(signal.Signature, out var same))
            {
                same = [];
                bySignature.Add(signal.Signature, same);
            }

            same.Add(signal);
        }

        foreach (var (signature, same) in bySignature)
        {
            if (!_patterns.TryGetValue(signature, out var count))
            {
                count = new PatternCount();
                _patterns.Add(signature, count);
            }

            var first = same.MinBy(signal => signal.EventIndex)!;
            count.Add(new SessionOrder(facts.StartedAt, sessionId, first.EventIndex), first, same, facts);
        }
    }

    /// <summary>Every pattern counted so far, by signature (ordinal).</summary>
    public IReadOnlyList<Pattern> Patterns() =>
        [.. _patterns.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value.ToPattern(pair.Key, SessionsRead))];
}
