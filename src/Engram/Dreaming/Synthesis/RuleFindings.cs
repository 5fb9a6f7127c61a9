using Engram.Dreaming.Findings;
using Engram.Dreaming.Signals;
using Engram.Review;

namespace Engram.Dreaming.Synthesis;

/// <summary>The rule-based analyzers' findings over the tallied patterns, as candidates with their rationale.</summary>
internal static class RuleFindings
{
    public static IEnumerable<SynthesisCandidate> Candidates(IReadOnlyList<Pattern> patterns, StoreView store, SynthesisOptions options)
    {
        var bySignature = patterns.GroupBy(p => p.Signature, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var finding in new RecoveredFailureAnalyzer(options.RecoveredFailure).Analyze(patterns, store.Text))
        {
            var retry = (RecoveredRetrySignal)bySignature[finding.Signature].Example;
            var (failed, fix) = RetryChange.Parts(retry);
            var program = RecoveredFailureAnalyzer.FailingProgram(retry) ?? failed;
            var statistics = ProposalStatistics.Of(finding.Prevalence, finding.CounterExamples);
            var counter = finding.CounterExamples == 0 ? $"no session ran `{program}` without the failure"
                : $"{Wording.Count(finding.CounterExamples, "session")} ran `{program}` without the failure{(finding.CounterExamples > finding.Prevalence.Sessions ? ", so it fails only sometimes" : "")}";
            yield return Candidate(DraftKinds.RecoveredFailure, finding, statistics,
                $"`{failed}` failed (`{retry.FailureTemplate.Text}`) and `{fix}` worked instead. {Wording.Seen(statistics)}; {counter}.", (failed, fix));
        }

        foreach (var finding in new UserCorrectionAnalyzer(options.UserCorrection).Analyze(patterns, store.Text))
        {
            var statistics = ProposalStatistics.Of(finding.Prevalence);
            yield return Candidate(DraftKinds.UserCorrection, finding, statistics, $"Users corrected agents the same way. {Wording.Seen(statistics)}.");
        }

        foreach (var finding in new RememberRequestAnalyzer(options.RememberRequest).Analyze(patterns, store.Text))
        {
            var statistics = ProposalStatistics.Of(finding.Prevalence);
            yield return Candidate(DraftKinds.RememberRequest, finding, statistics, $"The user asked for this to be remembered, in these words. {Wording.Seen(statistics)}.");
        }
    }

    private static SynthesisCandidate Candidate(string kind, Finding finding, ProposalStatistics statistics, string rationale, (string, string)? fix = null) =>
        new(kind, finding.Signature, finding.Title, statistics, finding.Evidence, finding.Edit.Untrusted, finding.Edit.Path, finding.Edit.Line, rationale, fix);
}
