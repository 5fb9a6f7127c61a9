using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

/// <summary>
/// Rule-based, no model: a <see cref="RecoveredRetrySignal"/> pattern (same tool, same failure template, same
/// succeeding command shape) seen in enough sessions becomes a finding proposing one line for the environment
/// notes. Its wording quotes the failure template, which is tool output, so the line is marked untrusted.
/// </summary>
public sealed class RecoveredFailureAnalyzer(RecoveredFailureOptions? options = null)
{
    private readonly RecoveredFailureOptions _options = options ?? new RecoveredFailureOptions();

    /// <summary>The findings of <paramref name="patterns"/>, by signature, leaving out what <paramref name="store"/> already states.</summary>
    /// <param name="patterns">What <see cref="PatternTally.Patterns"/> returned.</param>
    /// <param name="store">The store's current text, path to content; read only.</param>
    public IReadOnlyList<Finding> Analyze(IEnumerable<Pattern> patterns, IReadOnlyDictionary<string, string> store)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(store);
        var findings = new List<Finding>();
        foreach (var pattern in patterns)
        {
            if (pattern.Example is not RecoveredRetrySignal retry
                || pattern.Prevalence.Sessions < _options.MinSessions
                || !pattern.Prevalence.AtLeastPercent(_options.MinSharePercent))
            {
                continue;
            }

            var (failed, fix) = RetryChange.Parts(retry);
            if (StoreText.AlreadyStates(store, fix, FirstWord(failed)))
            {
                continue;
            }

            var prevalence = pattern.Prevalence;
            var line = $"- `{failed}` fails here (`{retry.FailureTemplate.Text}`); run `{fix}` instead. Seen in {prevalence.Sessions} of {prevalence.SessionsRead} sessions.";
            findings.Add(new Finding(FindingKind.RecoveredFailure, pattern.Signature, $"`{failed}` fails here; run `{fix}`",
                prevalence, pattern.Evidence, new ProposedEdit(_options.TargetPath, line, Untrusted: true)));
        }

        return findings;
    }

    private static string FirstWord(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? text;
}
