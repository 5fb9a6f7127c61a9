namespace Engram.Access.Policies;

/// <summary>
/// The rules in force, indexed by subject so a request only looks at the rules about its caller.
/// Evaluation: deny by default; the allowed set is the union of matching allows minus anything a matching
/// deny names; <see cref="Capability.Admin"/> implies every capability not denied; a session is limited to
/// the stores attached to it, and to reading in a <c>read_only</c> attachment. A store a dream copied from another shows
/// no one more than its source does now: what a caller may do in the copy is what the copy's own rules allow and the
/// source's rules allow too, so a deny added to the source after the copy was made reaches the copy at once.
/// </summary>
internal sealed class PolicySet
{
    /// <summary>How many copies of copies are followed back to their sources: far more than any real chain.</summary>
    private const int MaxSourceDepth = 32;

    private readonly Dictionary<string, List<PolicyRule>> _bySubject = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, string> _sourceOf;

    /// <summary>Indexes <paramref name="rules"/>.</summary>
    /// <param name="rules">The rules in force.</param>
    /// <param name="sourceOf">Each store a dream copied, to the store it was copied from.</param>
    public PolicySet(IEnumerable<PolicyRule> rules, IReadOnlyDictionary<string, string>? sourceOf = null)
    {
        _sourceOf = sourceOf ?? new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (!_bySubject.TryGetValue(rule.Subject.Value, out var list))
            {
                _bySubject[rule.Subject.Value] = list = [];
            }

            list.Add(rule);
        }
    }

    /// <summary>What <paramref name="caller"/> may do on <paramref name="path"/> in <paramref name="storeId"/>.</summary>
    public Capability Evaluate(Caller caller, string storeId, string path) => Explain(caller, storeId, path).Allowed;

    /// <summary>The decision with the rules that made it.</summary>
    public PolicyDecision Explain(Caller caller, string storeId, string path)
    {
        if (caller.Session is { } session && !session.Stores.ContainsKey(storeId))
        {
            return new PolicyDecision(Capability.None, [], [], $"store {storeId} is not attached to session {session.SessionId}");
        }

        var allows = new List<PolicyRule>();
        var denies = new List<PolicyRule>();
        var result = Match(caller, storeId, path, allows, denies);
        string? cap = null;
        var source = storeId;
        for (var depth = 0; depth < MaxSourceDepth && _sourceOf.TryGetValue(source, out var from); depth++)
        {
            source = from;
            var sourceDenies = new List<PolicyRule>();
            var inSource = Match(caller, source, path, [], sourceDenies);
            if ((result & ~inSource) != 0)
            {
                denies.AddRange(sourceDenies);
                cap = $"store {storeId} is a dream's copy of {source}, and shows no one more than {source} does";
                result &= inSource;
            }
        }

        if (caller.Session is { } attached && attached.Stores[storeId] == AttachmentAccess.ReadOnly)
        {
            var capped = result & (Capability.Read | Capability.List);
            if (capped != result)
            {
                cap = $"the session's read_only attachment limits it to read and list";
            }

            result = capped;
        }

        return new PolicyDecision(result, allows, denies, cap);
    }

    /// <summary>What the rules of <paramref name="storeId"/> (and every store) allow <paramref name="caller"/> on <paramref name="path"/>, collecting the rules that matched.</summary>
    private Capability Match(Caller caller, string storeId, string path, List<PolicyRule> allows, List<PolicyRule> denies)
    {
        var values = TemplateValues.Of(caller);
        var allowed = Capability.None;
        var denied = Capability.None;
        foreach (var key in PolicySubject.KeysOf(caller))
        {
            if (!_bySubject.TryGetValue(key, out var rules))
            {
                continue;
            }

            foreach (var rule in rules)
            {
                if ((rule.StoreId is null || rule.StoreId == storeId) && rule.Path.Matches(path, values))
                {
                    if (rule.Effect == PolicyEffect.Allow)
                    {
                        allowed |= rule.Capabilities;
                        allows.Add(rule);
                    }
                    else
                    {
                        denied |= rule.Capabilities;
                        denies.Add(rule);
                    }
                }
            }
        }

        if ((allowed & Capability.Admin) != 0)
        {
            allowed = Capability.All;
        }

        return allowed & ~denied;
    }

    /// <summary>True when some rule could give <paramref name="caller"/> anything in <paramref name="storeId"/> (what makes a store visible).</summary>
    public bool GrantsAnything(Caller caller, string storeId)
    {
        if (caller.Session is { } session)
        {
            return session.Stores.ContainsKey(storeId);
        }

        return PolicySubject.KeysOf(caller).Any(key => _bySubject.TryGetValue(key, out var rules)
            && rules.Any(r => r.Effect == PolicyEffect.Allow && (r.StoreId is null || r.StoreId == storeId)));
    }
}

/// <summary>A decision, with the allow and deny rules that matched and any cap a session's attachment put on it.</summary>
internal sealed record PolicyDecision(Capability Allowed, IReadOnlyList<PolicyRule> Allows, IReadOnlyList<PolicyRule> Denies, string? Limit)
{
    /// <summary>True when every capability in <paramref name="wanted"/> is allowed.</summary>
    public bool Permits(Capability wanted) => (Allowed & wanted) == wanted;
}
