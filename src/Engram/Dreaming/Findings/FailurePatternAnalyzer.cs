using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

/// <summary>
/// Rule-based, no model: every tool-failure pattern, recovered or not, judged by its <see cref="FailureClass"/>.
/// <list type="bullet">
/// <item>An environment failure (a missing program or module, a limit, no network…) seen widely enough becomes an
/// environment fact for <see cref="FailurePatternOptions.EnvironmentPath"/>, scoped to the projects it happens in when
/// it concentrates there, with what worked instead in the sessions that got past it.</item>
/// <item>A habit (shell quoting, a tool's refusals) becomes guidance for the agent's notes, or the shared conventions
/// when several agents show it.</item>
/// <item>A failure of the work itself (an exception in the code under work, a missing file) says nothing about the
/// environment and is dropped, unless sessions keep getting past it the same way: then the way past is the finding.</item>
/// </list>
/// Lines are guidance, never statistics; they quote error text, which is tool output, so they are marked untrusted.
/// Every pattern looked at is recorded in the ledger with its decision.
/// </summary>
internal sealed partial class FailurePatternAnalyzer
{
    private readonly FailurePatternOptions _options;

    /// <summary>An analyzer with <paramref name="options"/>, or the defaults.</summary>
    public FailurePatternAnalyzer(FailurePatternOptions? options = null)
    {
        _options = options ?? new FailurePatternOptions();
        _options.Validate();
    }

    /// <summary>The findings of <paramref name="patterns"/>, each decision recorded in <paramref name="ledger"/>.</summary>
    /// <param name="patterns">What <see cref="PatternTally.Patterns"/> returned.</param>
    /// <param name="projects">Sessions read per project (<see cref="PatternTally.Projects"/>), for scoping.</param>
    /// <param name="ledger">Where each decision is recorded.</param>
    public IReadOnlyList<Finding> Analyze(IReadOnlyList<Pattern> patterns, IReadOnlyList<ProjectCount> projects, PatternLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(projects);
        ArgumentNullException.ThrowIfNull(ledger);
        var ways = patterns.Where(p => p.Example is RecoveredRetrySignal).ToDictionary(p => ((RecoveredRetrySignal)p.Example).FailureSignature, StringComparer.Ordinal);
        var cleanRuns = patterns.Where(p => p.Example is ProgramRunSignal { Failed: false })
            .ToDictionary(p => ((ProgramRunSignal)p.Example).Program, p => p.Prevalence.Sessions, StringComparer.Ordinal);
        var sessionsByProject = projects.ToDictionary(p => p.Project, p => p.Sessions, StringComparer.Ordinal);
        var findings = new List<Finding>();
        foreach (var pattern in patterns)
        {
            if (pattern.Example is not ToolFailureSignal failure)
            {
                continue;
            }

            var past = ways.GetValueOrDefault(pattern.Signature);
            var finding = FailureClass.IsEnvironment(failure.Class) ? Environment(pattern, failure, past, cleanRuns, sessionsByProject, ledger)
                : FailureClass.IsAgentHabit(failure.Class) ? Habit(pattern, failure, ledger)
                : Work(pattern, failure, past, ledger);
            if (finding is null)
            {
                continue;
            }

            // What a memory must say to know this already: the class's own words for a fact about the whole environment,
            // else the thing that fails (a recovered failure's failed command, the missing program or module, the program).
            findings.Add(finding with
            {
                KnownBy = FailureClass.IsClassWide(failure.Class)
                    ? new StoreFact(null, null, ClassWords(failure.Class))
                    : new StoreFact(finding.Kind == FindingKind.RecoveredFailure ? finding.Fix?.Failed : failure.Subject ?? failure.Program, finding.Fix?.Fix, []),
            });
        }

        return findings;
    }

    /// <summary>The words a memory line uses for a fact about the whole environment.</summary>
    private static string[] ClassWords(string failureClass) => failureClass switch
    {
        FailureClass.Timeout => ["time limit", "timed out", "times out", "timeout", "killed", "run too long", "runs too long"],
        FailureClass.Network => ["network", "internet", "offline"],
        FailureClass.Encoding => ["utf-8", "utf8", "locale", "ascii", "pythonioencoding", "lc_all", "encoding"],
        FailureClass.Resources => ["out of memory", "memory limit", "disk space", "no space"],
        _ => ["interactive", "prompt", "tty"],
    };

    /// <summary>The first sentence of the most common verbatim error line of a pattern, cut for a memory line.</summary>
    private static string Quote(Pattern pattern) =>
        MemoryText.Cut(Signals.ErrorTemplates.FirstSentence(pattern.Quotes.FirstOrDefault()?.Text ?? pattern.Evidence.FirstOrDefault()?.Quote ?? ""));

    /// <summary>The ways past a failure, most sessions first: (what failed, what worked, sessions), the fix never the failed words again.</summary>
    private static IEnumerable<(string Failed, string Fix, int Sessions)> Ways(Pattern? past) =>
        (past?.Variants ?? [])
            .Select(variant => (Parts: variant.Text.Split(" -> ", 2), variant.Sessions))
            .Where(v => v.Parts.Length == 2 && v.Parts[1].Length > 0 && !string.Equals(v.Parts[0], v.Parts[1], StringComparison.Ordinal))
            .Select(v => (v.Parts[0], v.Parts[1], v.Sessions));

    /// <summary>One line on the ways past, for a rationale: <c>12 of them got past it: `bin/test` (8), `python3` (4)</c>.</summary>
    private static string WaysPast(Pattern? past, int sessions)
    {
        if (past is null)
        {
            return "no session got past it with a related command that worked";
        }

        var ways = Ways(past).GroupBy(w => w.Fix, StringComparer.Ordinal)
            .Select(g => (Fix: g.Key, Sessions: g.Sum(w => w.Sessions)))
            .OrderByDescending(w => w.Sessions).ThenBy(w => w.Fix, StringComparer.Ordinal)
            .Take(3)
            .Select(w => $"{MemoryText.Code(w.Fix)} ({w.Sessions})");
        return $"{Math.Min(past.Prevalence.Sessions, sessions)} of them got past it with a related command that worked: {string.Join(", ", ways)}";
    }
}
