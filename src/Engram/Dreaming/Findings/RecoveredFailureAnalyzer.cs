using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

/// <summary>
/// Rule-based, no model: a <see cref="RecoveredRetrySignal"/> pattern (same tool, same failure template, same
/// succeeding command shape) seen in enough sessions becomes a finding proposing one line for the environment
/// notes. Its wording quotes the failure template, which is tool output, so the line is marked untrusted.
/// Counter examples are the sessions where the failing program ran and never failed (its
/// <c>program_run|…|ok</c> pattern); when they outnumber the sessions with the failure, the finding is kept but
/// its title and line say the failure happens only sometimes: the failure is real where it happens, and a
/// reviewer decides whether it belongs in memory.
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
        var all = patterns as IReadOnlyList<Pattern> ?? [.. patterns];
        var cleanRuns = CleanRunsByProgram(all);
        var findings = new List<Finding>();
        foreach (var pattern in all)
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
            var program = FailingProgram(retry);
            var counter = program is not null && cleanRuns.TryGetValue(program, out var clean) ? clean : 0;
            findings.Add(counter > prevalence.Sessions
                ? new Finding(FindingKind.RecoveredFailure, pattern.Signature, $"`{failed}` sometimes fails here; run `{fix}` (ran cleanly in {counter} sessions)",
                    prevalence, pattern.Evidence, new ProposedEdit(_options.TargetPath,
                        $"- `{failed}` sometimes fails here (`{retry.FailureTemplate.Text}`); if it does, run `{fix}` instead. Seen in {prevalence.Sessions} of {prevalence.SessionsRead} sessions; {counter} ran `{program}` without failing.",
                        Untrusted: true), counter)
                : new Finding(FindingKind.RecoveredFailure, pattern.Signature, $"`{failed}` fails here; run `{fix}`",
                    prevalence, pattern.Evidence, new ProposedEdit(_options.TargetPath,
                        $"- `{failed}` fails here (`{retry.FailureTemplate.Text}`); run `{fix}` instead. Seen in {prevalence.Sessions} of {prevalence.SessionsRead} sessions.",
                        Untrusted: true), counter));
        }

        return findings;
    }

    /// <summary>The program the failed call ran (<c>pytest</c> for <c>cd repo &amp;&amp; pytest -q</c>), or null for a tool that runs none.</summary>
    internal static string? FailingProgram(RecoveredRetrySignal retry) => ShellCommand.Program(retry.FailedInput);

    private static Dictionary<string, int> CleanRunsByProgram(IEnumerable<Pattern> patterns) =>
        patterns.Where(pattern => pattern.Example is ProgramRunSignal { Failed: false })
            .GroupBy(pattern => ((ProgramRunSignal)pattern.Example).Program, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Sum(pattern => pattern.Prevalence.Sessions), StringComparer.Ordinal);

    private static string FirstWord(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? text;
}
