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

            // The users' own words (the earliest session's, masked), so the note reads as they said it.
            var quote = correction.Quote.ReplaceLineEndings(" ");
            var line = $"- Users of {prevalence.Agents.Count} agents corrected them the same way: \"{quote}\" ({prevalence.Sessions} of {prevalence.SessionsRead} sessions).";
            findings.Add(new Finding(FindingKind.UserCorrection, pattern.Signature, $"Users across {prevalence.Agents.Count} agents say \"{quote}\"",
                prevalence, pattern.Evidence, new ProposedEdit(_options.TargetPath, line, Untrusted: false)));
        }

        return findings;
    }
}
