using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

/// <summary>
/// Rule-based, no model: the harness answering agents with the same feedback (a reply in the wrong format, output
/// too long) in enough sessions becomes guidance for the agent's notes (the shared conventions when several agents
/// hear it), in the harness's own instructions (<c>Always provide exactly one action …</c>) with the feedback it
/// avoids. The words are the harness's, not a person's, so the line is marked untrusted.
/// </summary>
internal sealed class FeedbackAnalyzer(FailurePatternOptions? options = null)
{
    /// <summary>The section harness rules go under.</summary>
    internal const string Section = "Harness rules";

    private readonly FailurePatternOptions _options = options ?? new FailurePatternOptions();

    /// <summary>The findings of <paramref name="patterns"/>, each decision recorded in <paramref name="ledger"/>.</summary>
    public IReadOnlyList<Finding> Analyze(IReadOnlyList<Pattern> patterns, PatternLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(ledger);
        var findings = new List<Finding>();
        foreach (var pattern in patterns)
        {
            if (pattern.Example is not FeedbackSignal feedback)
            {
                continue;
            }

            var prevalence = pattern.Prevalence;
            var said = FeedbackText.Constant(pattern.Quotes.FirstOrDefault()?.Text ?? feedback.Quote);
            var title = $"The harness answers: \"{MemoryText.Cut(said)}\"";
            if (_options.Thresholds.Shortfall(prevalence, _options.Thresholds.HabitShare) is { } shortfall)
            {
                ledger.Drop(pattern.Signature, PatternKinds.HarnessFeedback, title, prevalence, PatternReasons.Threshold, shortfall);
                continue;
            }

            if (said.Length == 0 && feedback.Guidance.Length == 0)
            {
                ledger.Drop(pattern.Signature, PatternKinds.HarnessFeedback, title, prevalence, PatternReasons.NoWording, "The feedback has no words that hold for every message of its kind.");
                continue;
            }

            var line = Line(feedback.Guidance, said, feedback.Topic);
            var who = prevalence.Agents.Count == 1 ? $"agent {prevalence.Agents[0]}" : MemoryText.Count(prevalence.Agents.Count, "agent");
            var rationale = $"The harness answered {MemoryText.Code(MemoryText.Cut(feedback.Quote))} in {prevalence.Sessions:N0} of {prevalence.SessionsRead:N0} sessions "
                + $"({who}, {MemoryText.Count(Math.Max(prevalence.Occurrences, prevalence.Sessions), "time")} in all): each is a turn spent on the harness, not the task.";
            ledger.Propose(pattern.Signature, PatternKinds.HarnessFeedback, title, prevalence, rationale);
            findings.Add(new Finding(FindingKind.HarnessFeedback, pattern.Signature, title, prevalence, pattern.Evidence,
                new ProposedEdit(_options.HabitPath(prevalence.Agents), line, Untrusted: true) { Section = Section })
            {
                Rationale = rationale,
            });
        }

        return findings;
    }

    /// <summary>
    /// The harness's instructions. When its feedback opens with what happened rather than with the instruction ("The
    /// output of your last command was too long. Please try …"), the line leads with what to do about it, in the topic's
    /// words ("Keep command output short"), and ends with what the harness says otherwise.
    /// </summary>
    internal static string Line(string guidance, string said, string topic)
    {
        var answer = MemoryText.Code(said.EndsWith('.') ? said : said + ".");
        if (guidance.Length == 0)
        {
            return $"- Avoid what makes the harness answer {answer}";
        }

        var first = FeedbackText.Instructions(said);
        if (first.Length > 0 && guidance.StartsWith(first.TrimEnd('.'), StringComparison.Ordinal))
        {
            return $"- {guidance}";
        }

        var lead = topic switch
        {
            "output_length" => "Keep command output short",
            "timeout" => "Keep commands short-running",
            "format" => "Keep to the reply format the harness requires",
            _ => null,
        };
        var instruction = lead is null ? guidance : $"{lead}: {char.ToLowerInvariant(guidance[0])}{guidance[1..]}";
        return $"- {instruction} The harness answers {answer} otherwise.";
    }
}
