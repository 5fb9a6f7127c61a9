using Engram.Dreaming.Analysis;
using Engram.Dreaming.Findings;
using Engram.Review;

namespace Engram.Dreaming.Synthesis;

/// <summary>The rule-based analyzers' findings over the tallied patterns, as candidates, each decision recorded in the ledger.</summary>
internal static class RuleFindings
{
    public static IEnumerable<SynthesisCandidate> Candidates(SynthesisInput input, StoreView store, SynthesisOptions options, PatternLedger ledger)
    {
        var patterns = input.Patterns;
        var bySignature = patterns.GroupBy(p => p.Signature, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var findings = new FailurePatternAnalyzer(options.Failures).Analyze(patterns, input.Projects, ledger)
            .Concat(new FeedbackAnalyzer(options.Failures).Analyze(patterns, ledger))
            .Concat(new UserCorrectionAnalyzer(options.UserCorrection).Analyze(patterns, store.Text, ledger))
            .Concat(new RememberRequestAnalyzer(options.RememberRequest).Analyze(patterns, store.Text, ledger));
        foreach (var finding in findings)
        {
            var pattern = bySignature.GetValueOrDefault(finding.Signature);
            yield return new SynthesisCandidate(Kind(finding.Kind), finding.Signature, finding.Title, ProposalStatistics.Of(finding.Prevalence, finding.CounterExamples),
                finding.Evidence, finding.Edit.Untrusted, finding.Edit.Path, finding.Edit.Line, finding.Rationale, finding.Fix)
            {
                Section = finding.Edit.Section,
                Topics = PatternTopics.Of(finding, pattern),
                KnownBy = finding.KnownBy,
            };
        }
    }

    private static string Kind(FindingKind kind) => kind switch
    {
        FindingKind.EnvironmentFact => DraftKinds.EnvironmentFact,
        FindingKind.AgentHabit => DraftKinds.AgentHabit,
        FindingKind.HarnessFeedback => DraftKinds.HarnessFeedback,
        FindingKind.UserCorrection => DraftKinds.UserCorrection,
        FindingKind.RememberRequest => DraftKinds.RememberRequest,
        _ => DraftKinds.RecoveredFailure,
    };
}
