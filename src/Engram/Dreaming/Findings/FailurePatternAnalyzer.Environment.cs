using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

internal sealed partial class FailurePatternAnalyzer
{
    private Finding? Environment(Pattern pattern, ToolFailureSignal failure, Pattern? past, IReadOnlyDictionary<string, int> cleanRuns,
        IReadOnlyDictionary<string, int> sessionsByProject, PatternLedger ledger)
    {
        var prevalence = pattern.Prevalence;
        var subject = failure.Subject ?? failure.Program ?? failure.Tool;
        var title = Title(failure.Class, subject);
        if (_options.Thresholds.Shortfall(prevalence, _options.Thresholds.EnvironmentShare) is { } shortfall)
        {
            ledger.Drop(pattern.Signature, PatternKinds.EnvironmentFact, title, prevalence, PatternReasons.Threshold, shortfall);
            return null;
        }

        var quote = Quote(pattern);
        var scope = Scope(pattern, sessionsByProject);
        var ranCleanly = failure.Class is FailureClass.MissingCommand or FailureClass.MissingModule or FailureClass.Permission or FailureClass.Usage or FailureClass.Version
            ? cleanRuns.GetValueOrDefault(subject) : 0;
        var where = scope is not null ? "" : ranCleanly > prevalence.Sessions ? " in some environments here" : " here";
        var way = FailureClass.IsClassWide(failure.Class) ? null : Ways(past).GroupBy(w => w.Fix, StringComparer.Ordinal)
            .Select(g => (Fix: g.Key, Sessions: g.Sum(w => w.Sessions)))
            .Where(w => w.Sessions >= _options.MinAlternativeSessions && !string.Equals(w.Fix, subject, StringComparison.Ordinal))
            .OrderByDescending(w => w.Sessions).ThenBy(w => w.Fix, StringComparer.Ordinal)
            .Select(w => w.Fix)
            .FirstOrDefault();

        // A fact about the whole environment is said in its own words; one about a program quotes that program's error.
        var classWide = FailureClass.IsClassWide(failure.Class);
        var statement = Statement(failure.Class, subject, where, MemoryText.Code(quote));
        var line = $"- {(scope is null ? MemoryText.Capitalized(statement) : $"In {scope}, {statement}")}{(way is null ? "." : $"; {MemoryText.Code(way)} worked instead.")}";
        var rationale = $"{MemoryText.Capitalized(Describe(failure.Class))}: {MemoryText.Code(quote)} in {prevalence.Sessions:N0} of {prevalence.SessionsRead:N0} sessions "
            + $"({MemoryText.Count(prevalence.Agents.Count, "agent")}, {MemoryText.Count(Math.Max(prevalence.Occurrences, prevalence.Sessions), "failed attempt")}); "
            + $"{WaysPast(past, prevalence.Sessions)}."
            + (ranCleanly > 0 ? $" {MemoryText.Count(ranCleanly, "session")} ran `{subject}` without the failure." : "")
            + (scope is not null ? $" It happens in {ScopeDetail(pattern, sessionsByProject)}." : "");
        ledger.Propose(pattern.Signature, PatternKinds.EnvironmentFact, title, prevalence, rationale);
        return new Finding(FindingKind.EnvironmentFact, pattern.Signature, scope is null ? title : $"{title} in {scope}", prevalence, pattern.Evidence,
            new ProposedEdit(_options.EnvironmentPath, line, Untrusted: !classWide) { Section = Section(failure.Class) }, ranCleanly)
        {
            Rationale = rationale,
            Fix = way is not null && failure.Program is { } program && !string.Equals(program, way, StringComparison.Ordinal) ? (program, way) : null,
        };
    }

    /// <summary>The projects a failure concentrates in (<c>sympy/sympy</c>, or two joined with <c>and</c>), or null when it is fleet-wide or projects are unknown.</summary>
    private string? Scope(Pattern pattern, IReadOnlyDictionary<string, int> sessionsByProject)
    {
        if (sessionsByProject.Count < 2 || pattern.Projects.Count == 0)
        {
            return null;
        }

        var chosen = new List<string>();
        var covered = 0;
        foreach (var project in pattern.Projects.Take(_options.MaxScopeProjects))
        {
            var total = sessionsByProject.GetValueOrDefault(project.Project);
            if (total == 0 || (double)project.Sessions / total < _options.ScopeRate)
            {
                break;
            }

            chosen.Add(project.Project);
            covered += project.Sessions;
            if (covered >= _options.ScopeCoverage * pattern.Prevalence.Sessions)
            {
                // Scoped only if the fleet did more than these projects: otherwise the scope is the fleet.
                return chosen.Sum(p => sessionsByProject[p]) < pattern.Prevalence.SessionsRead ? string.Join(" and ", chosen) : null;
            }
        }

        return null;
    }

    private static string ScopeDetail(Pattern pattern, IReadOnlyDictionary<string, int> sessionsByProject) =>
        string.Join(", ", pattern.Projects.Take(3).Select(p => $"{p.Project} ({p.Sessions} of its {sessionsByProject.GetValueOrDefault(p.Project)} sessions)"));

    private static string Title(string failureClass, string subject) => failureClass switch
    {
        FailureClass.MissingCommand => $"`{subject}` is not installed",
        FailureClass.MissingModule => $"The `{subject}` module is not installed",
        FailureClass.Permission => $"`{subject}` is not permitted",
        FailureClass.Network => "No network access",
        FailureClass.Timeout => "Long commands are killed",
        FailureClass.Resources => "Commands run out of memory or disk",
        FailureClass.Encoding => "The locale is not UTF-8",
        FailureClass.Interactive => "Nothing can answer prompts",
        FailureClass.Usage => $"`{subject}` rejects how agents call it",
        _ => $"The installed `{subject}` is the wrong version",
    };

    private static string Describe(string failureClass) => failureClass switch
    {
        FailureClass.MissingCommand => "a program the agents ran is not installed",
        FailureClass.MissingModule => "a module the agents needed is not installed",
        FailureClass.Permission => "the agents were not permitted to run it",
        FailureClass.Network => "the network is unreachable",
        FailureClass.Timeout => "commands ran past the time limit and were killed",
        FailureClass.Resources => "commands ran out of memory or disk",
        FailureClass.Encoding => "the locale could not encode the text",
        FailureClass.Interactive => "commands waited for input nobody could give",
        FailureClass.Usage => "the installed tool rejected the options the agents used",
        _ => "the installed version did not fit",
    };

    // A fact, then (where the class has one) the guidance it implies. `where` is " here", " in some environments here" or "" (scoped).
    private static string Statement(string failureClass, string subject, string where, string quote) => failureClass switch
    {
        FailureClass.MissingCommand => $"`{subject}` is not installed{where} ({quote})",
        FailureClass.MissingModule => $"the `{subject}` {(subject.EndsWith(".h", StringComparison.Ordinal) ? "header" : "module")} is not installed{where} ({quote})",
        FailureClass.Permission => $"`{subject}` is not permitted{where} ({quote}); do not retry it with the same rights",
        FailureClass.Network => $"there is no network access{where}: do not plan on downloading anything",
        FailureClass.Timeout => $"commands that run too long are killed{where}: split long work into shorter commands (a single test rather than a whole file or suite), and do not start servers or watchers in the foreground",
        FailureClass.Resources => $"commands can run out of memory or disk{where}: keep runs small",
        FailureClass.Encoding => $"the locale is not UTF-8{where}, so text is encoded as ASCII by default: set `PYTHONIOENCODING=utf-8` for output and open files with an explicit UTF-8 encoding",
        FailureClass.Interactive => $"nothing can answer a prompt{where}: run commands non-interactively (a `--yes` or `--no-input` option, or input from `/dev/null`)",
        FailureClass.Usage => $"`{subject}` rejects options agents expected{where} ({quote}); check `{subject} --help` before relying on one",
        _ => $"the installed `{subject}` is not a version this work runs on{where} ({quote})",
    };

    private static string Section(string failureClass) => failureClass switch
    {
        FailureClass.Permission or FailureClass.Network or FailureClass.Interactive => "Access",
        FailureClass.Timeout or FailureClass.Resources => "Limits",
        FailureClass.Encoding => "Locale",
        _ => "Installed tools",
    };
}
