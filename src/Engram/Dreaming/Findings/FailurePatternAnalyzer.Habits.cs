using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

internal sealed partial class FailurePatternAnalyzer
{
    /// <summary>The section habits go under, in an agent's notes or the shared conventions.</summary>
    internal const string HabitSection = "Working with tools";

    private Finding? Habit(Pattern pattern, ToolFailureSignal failure, PatternLedger ledger)
    {
        var prevalence = pattern.Prevalence;
        var quote = Quote(pattern);
        var title = failure.Class == FailureClass.ShellSyntax
            ? "Shell commands fail to parse"
            : $"`{failure.Tool}` refuses calls: {quote}";
        if (_options.Thresholds.Shortfall(prevalence, _options.Thresholds.HabitShare) is { } shortfall)
        {
            ledger.Drop(pattern.Signature, PatternKinds.AgentHabit, title, prevalence, PatternReasons.Threshold, shortfall);
            return null;
        }

        var line = failure.Class == FailureClass.ShellSyntax
            ? $"- Check quoting and brackets before running a shell command: commands failed to parse with {MemoryText.Code(quote)}"
            : $"- Before calling `{failure.Tool}`, make sure the call is one it accepts: it refused calls with {MemoryText.Code(quote)}";
        var who = prevalence.Agents.Count == 1 ? $"agent {prevalence.Agents[0]}" : MemoryText.Count(prevalence.Agents.Count, "agent");
        var rationale = $"{(failure.Class == FailureClass.ShellSyntax ? "The shell could not parse the agents' commands" : $"The `{failure.Tool}` tool refused the agents' calls")}: "
            + $"{MemoryText.Code(quote)} in {prevalence.Sessions:N0} of {prevalence.SessionsRead:N0} sessions ({who}, "
            + $"{MemoryText.Count(Math.Max(prevalence.Occurrences, prevalence.Sessions), "failed call")}).";
        ledger.Propose(pattern.Signature, PatternKinds.AgentHabit, title, prevalence, rationale);
        return new Finding(FindingKind.AgentHabit, pattern.Signature, title, prevalence, pattern.Evidence,
            new ProposedEdit(_options.HabitPath(prevalence.Agents), line, Untrusted: true) { Section = HabitSection })
        {
            Rationale = rationale,
        };
    }

    private Finding? Work(Pattern pattern, ToolFailureSignal failure, Pattern? past, PatternLedger ledger)
    {
        var prevalence = pattern.Prevalence;
        var quote = Quote(pattern);
        var best = Ways(past).OrderByDescending(w => w.Sessions).ThenBy(w => w.Failed, StringComparer.Ordinal).ThenBy(w => w.Fix, StringComparer.Ordinal)
            .Where(w => w.Failed.Length > 0).Select(w => ((string Failed, string Fix, int Sessions)?)w).FirstOrDefault();
        if (best is not { } way)
        {
            ledger.Drop(pattern.Signature, PatternKinds.WorkFailure, MemoryText.Cut(quote), prevalence, PatternReasons.WorkFailure,
                $"A failure of the work itself ({failure.Class.Replace('_', ' ')}): {MemoryText.Code(quote)} in {prevalence.Sessions:N0} sessions; it differs from task to task and says nothing about the environment, and no way past it recurs.");
            return null;
        }

        // The way past is the pattern: it must recur as a habit of the environment would.
        var title = $"`{way.Failed}` fails here; run `{way.Fix}`";
        var recurring = prevalence with { Sessions = way.Sessions };
        if (_options.Thresholds.Shortfall(recurring, _options.Thresholds.EnvironmentShare) is { } shortfall)
        {
            ledger.Drop(pattern.Signature, PatternKinds.RecoveredFailure, title, recurring, PatternReasons.Threshold,
                $"{shortfall} (sessions that got past {MemoryText.Code(quote)} with `{way.Fix}`)");
            return null;
        }

        var line = $"- `{way.Failed}` fails here ({MemoryText.Code(quote)}); run `{way.Fix}` instead.";
        var rationale = $"`{way.Failed}` failed with {MemoryText.Code(quote)} in {prevalence.Sessions:N0} of {prevalence.SessionsRead:N0} sessions "
            + $"({MemoryText.Count(prevalence.Agents.Count, "agent")}), and `{way.Fix}` worked instead in {MemoryText.Count(way.Sessions, "session")}.";
        ledger.Propose(pattern.Signature, PatternKinds.RecoveredFailure, title, recurring, rationale);
        return new Finding(FindingKind.RecoveredFailure, pattern.Signature, title, recurring, pattern.Evidence,
            new ProposedEdit(_options.EnvironmentPath, line, Untrusted: true) { Section = "Installed tools" })
        {
            Rationale = rationale,
            Fix = (way.Failed, way.Fix),
        };
    }
}
