using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

/// <summary>
/// Rule-based, no model: the same <see cref="UserCorrectionSignal"/> short form from users of enough distinct
/// agents in enough sessions becomes a finding proposing a line for shared memory that quotes the normalized
/// correction. The wording is the users', not a tool's, so the line is not marked untrusted.
/// </summary>
public sealed class UserCorrectionAnalyzer(UserCorrectionOptions? options = null)
{
    private readonly UserCorrectionOptions _options = options ?? new UserCorrectionOptions();

    /// <summary>The findings of <paramref name="patterns"/>, by signature, leaving out corrections whose short form a file of <paramref name="store"/> already contains.</summary>
    /// <param name="patterns">What <see cref="PatternTally.Patterns"/> returned.</param>
    /// <param name="store">The store's current text, path to content; read only.</param>
    public IReadOnlyList<Finding> Analyze(IEnumerable<Pattern> patterns, IReadOnlyDictionary<string, string> store)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(store);
        var findings = new List<Finding>();
        foreach (var pattern in patterns)
        {
            var prevalence = pattern.Prevalence;
            if (pattern.Example is not UserCorrectionSignal correction
                || prevalence.Agents.Count < _options.MinAgents
                || prevalence.Sessions < _options.MinSessions
                || StoreText.AlreadyStatesShortForm(store, correction.ShortForm))
            {
                continue;
            }

            var line = $"- Users keep correcting agents: \"{correction.ShortForm}\". Seen in {prevalence.Sessions} of {prevalence.SessionsRead} sessions, across {prevalence.Agents.Count} agents.";
            findings.Add(new Finding(FindingKind.UserCorrection, pattern.Signature, $"Users across {prevalence.Agents.Count} agents say \"{correction.ShortForm}\"",
                prevalence, pattern.Evidence, new ProposedEdit(_options.TargetPath, line, Untrusted: false)));
        }

        return findings;
    }
}
