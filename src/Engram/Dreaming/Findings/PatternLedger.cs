namespace Engram.Dreaming.Findings;

/// <summary>
/// What a dream decided about each candidate pattern, in the order decided: the analyzers record each pattern they
/// look at (proposed or dropped, with the rule), and later stages (instructions, the store, earlier proposals) may
/// drop a proposed one with their own reason. The last decision for a signature stands.
/// </summary>
internal sealed class PatternLedger
{
    private readonly Dictionary<string, ConsideredPattern> _bySignature = new(StringComparer.Ordinal);

    /// <summary>Every pattern considered: proposed first, then by agents, sessions and signature (ordinal).</summary>
    public IReadOnlyList<ConsideredPattern> Considered =>
        [.. _bySignature.Values
            .OrderBy(p => p.Decision == PatternReasons.DecisionProposed ? 0 : 1)
            .ThenByDescending(p => p.Agents)
            .ThenByDescending(p => p.Sessions)
            .ThenBy(p => p.Signature, StringComparer.Ordinal)];

    /// <summary>Records a pattern proposed so far.</summary>
    public void Propose(string signature, string kind, string title, Prevalence prevalence, string detail) =>
        _bySignature[signature] = Of(signature, kind, title, prevalence, PatternReasons.DecisionProposed, PatternReasons.Proposed, detail);

    /// <summary>Records a pattern dropped by <paramref name="reason"/> (<see cref="PatternReasons"/>).</summary>
    public void Drop(string signature, string kind, string title, Prevalence prevalence, string reason, string detail) =>
        _bySignature[signature] = Of(signature, kind, title, prevalence, PatternReasons.DecisionDropped, reason, detail);

    /// <summary>Drops a pattern recorded earlier (a later stage's decision); unknown signatures are ignored.</summary>
    public void Drop(string signature, string reason, string detail)
    {
        if (_bySignature.TryGetValue(signature, out var known))
        {
            _bySignature[signature] = known with { Decision = PatternReasons.DecisionDropped, Reason = reason, Detail = detail };
        }
    }

    /// <summary>Adds a detail to a pattern's entry (a rejected pattern proposed again says why).</summary>
    public void Note(string signature, string detail)
    {
        if (_bySignature.TryGetValue(signature, out var known))
        {
            _bySignature[signature] = known with { Detail = $"{known.Detail} {detail}".Trim() };
        }
    }

    /// <summary>The entry of <paramref name="signature"/>, or null.</summary>
    public ConsideredPattern? Find(string signature) => _bySignature.GetValueOrDefault(signature);

    private static ConsideredPattern Of(string signature, string kind, string title, Prevalence prevalence, string decision, string reason, string detail) =>
        new(signature, kind, title, prevalence.Sessions, prevalence.SessionsRead, prevalence.Agents.Count, Math.Max(prevalence.Occurrences, prevalence.Sessions), decision, reason, detail);
}
