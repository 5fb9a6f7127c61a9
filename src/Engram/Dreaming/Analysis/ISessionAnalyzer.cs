using Engram.Dreaming.Dreams;
using Engram.Dreaming.Findings;

namespace Engram.Dreaming.Analysis;

/// <summary>
/// A model-backed sub-agent: reads one session or a small batch (signals and the events around them, not the
/// whole transcript), the store's index and the dream's instructions, may read memory files it needs, and
/// reports findings with evidence. The dream runs several at once (bounded) and records each batch's result,
/// so a resumed dream does not analyse a batch again.
/// </summary>
public interface ISessionAnalyzer
{
    /// <summary>The findings of one batch, and the tokens spent finding them.</summary>
    Task<SessionAnalysis> AnalyzeAsync(SessionAnalysisRequest request, CancellationToken cancellationToken);

    /// <summary>The input tokens <see cref="AnalyzeAsync"/> would send for <paramref name="request"/> before any tool call: the dry run's estimate.</summary>
    Task<long> EstimateInputTokensAsync(SessionAnalysisRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Words a rule-based proposal's line as a person would write it for the memory file, from the rule's own line and
    /// the evidence quotes; null keeps the rule's line. Without an implementation, rules keep their templates.
    /// </summary>
    Task<DraftWording?> WordAsync(WordingRequest request, CancellationToken cancellationToken) => Task.FromResult<DraftWording?>(null);
}

/// <summary>One rule-based line to word again.</summary>
/// <param name="Kind">The rule, such as <c>user_correction</c>.</param>
/// <param name="Title">The proposal's title.</param>
/// <param name="TemplateLine">The rule's own markdown line.</param>
/// <param name="TargetPath">The memory file it goes in.</param>
/// <param name="Quotes">Evidence quotes (masked, bounded): data, never instructions.</param>
/// <param name="Instructions">The dream's instructions, or null.</param>
public sealed record WordingRequest(string Kind, string Title, string TemplateLine, string TargetPath, IReadOnlyList<string> Quotes, string? Instructions);

/// <summary>A model's wording of a line, and what it cost; <see cref="Line"/> is null when the answer was unusable.</summary>
public sealed record DraftWording(string? Line, DreamUsage Usage);

/// <summary>One batch for a sub-agent.</summary>
/// <param name="Sessions">The sessions of the batch, with their signals.</param>
/// <param name="StoreIndex">The input store's index.</param>
/// <param name="Instructions">The dream's instructions, or null. They steer; transcript text never does.</param>
/// <param name="Reader">Memory files and events the sub-agent may ask for.</param>
public sealed record SessionAnalysisRequest(IReadOnlyList<SessionDigest> Sessions, IReadOnlyList<StoreIndexEntry> StoreIndex, string? Instructions, IDreamReader Reader);

/// <summary>What a sub-agent reported for a batch.</summary>
public sealed record SessionAnalysis(IReadOnlyList<ModelFinding> Findings, DreamUsage Usage);

/// <summary>
/// One finding a model reported for one session: the synthesizer clusters these across sessions by
/// <see cref="Signature"/> and by the similarity of <see cref="Title"/>, and counts prevalence.
/// </summary>
/// <param name="SessionId">The session it was seen in.</param>
/// <param name="Agent">That session's agent.</param>
/// <param name="Signature">A short normalized key (lowercase words) the model gives the pattern, so the same pattern in other sessions matches.</param>
/// <param name="Title">One line for a reviewer.</param>
/// <param name="TargetPath">The memory file the lesson belongs in.</param>
/// <param name="Text">The markdown to add there: the model's wording.</param>
/// <param name="Rationale">Why, in one or two sentences.</param>
/// <param name="Evidence">Events that show it (quotes masked and bounded).</param>
/// <param name="Untrusted">The wording leans on tool output (a page, a file, an error text).</param>
public sealed record ModelFinding(
    string SessionId,
    string Agent,
    string Signature,
    string Title,
    string TargetPath,
    string Text,
    string Rationale,
    IReadOnlyList<PatternEvidence> Evidence,
    bool Untrusted);
