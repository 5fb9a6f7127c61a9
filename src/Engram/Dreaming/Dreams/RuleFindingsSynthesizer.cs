using Engram.Dreaming.Analysis;
using Engram.Dreaming.Findings;
using Engram.Review;

namespace Engram.Dreaming.Dreams;

/// <summary>
/// The synthesizer a dream uses until a fuller one is configured: runs the rule-based analyzers over the tallied
/// patterns and drafts one edit per finding: a small new file (a heading and the line) when the target file is
/// missing, else the line appended to it, based on its current hash. Model findings are not used.
/// </summary>
public sealed class RuleFindingsSynthesizer(RecoveredFailureOptions? recoveredFailures = null, UserCorrectionOptions? userCorrections = null) : IDreamSynthesizer
{
    private readonly RecoveredFailureAnalyzer _recoveredFailures = new(recoveredFailures);
    private readonly UserCorrectionAnalyzer _userCorrections = new(userCorrections);

    /// <inheritdoc />
    public IReadOnlyList<DraftProposal> Synthesize(SynthesisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = input.Store.ToDictionary(f => f.Path, f => f.Content, StringComparer.Ordinal);
        var files = input.Store.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var findings = _recoveredFailures.Analyze(input.Patterns, text).Concat(_userCorrections.Analyze(input.Patterns, text));
        return [.. findings.Select(finding => Draft(finding, files.GetValueOrDefault(finding.Edit.Path)))];
    }

    private static DraftProposal Draft(Finding finding, StoreFile? file)
    {
        var origin = new DreamOrigin(
            finding.Kind == FindingKind.RecoveredFailure ? "recovered_failure" : "user_correction",
            finding.Signature, finding.Title, ProposalStatistics.Of(finding.Prevalence), finding.Evidence, finding.Edit.Untrusted, []);
        var rationale = $"{finding.Title}: seen in {finding.Prevalence.Sessions} of {finding.Prevalence.SessionsRead} sessions.";
        return file is null
            ? new DraftProposal(ProposalOperation.Create, finding.Edit.Path, null, null, null, $"# {Heading(finding.Edit.Path)}\n\n{finding.Edit.Line}\n", rationale, origin)
            : new DraftProposal(ProposalOperation.Modify, file.Path, file.MemoryId, file.ContentSha256, null, Append(file.Content, finding.Edit.Line), rationale, origin);
    }

    /// <summary>The file's name without extension, as a heading: <c>/org/environment.md</c> gives <c>environment</c>.</summary>
    private static string Heading(string path) => Path.GetFileNameWithoutExtension(path[(path.LastIndexOf('/') + 1)..]) is { Length: > 0 } name ? name : path;

    private static string Append(string content, string line) =>
        content.Length == 0 || content.EndsWith('\n') ? $"{content}{line}\n" : $"{content}\n{line}\n";
}
