using Engram.Dreaming.Findings;

namespace Engram.Dreaming.Analysis;

/// <summary>
/// The orchestrator's last step: turns what the analysis stage counted and reported into concrete drafts
/// for the input store. It runs the rule-based analyzers over the tallied patterns, clusters model findings
/// across sessions, computes prevalence with counter examples, drops what thresholds or instructions exclude,
/// checks the store for what is already known, duplicated, stale or contradicted, and drafts the edits.
/// Deterministic: the same input gives the same drafts in the same order.
/// </summary>
public interface IDreamSynthesizer
{
    /// <summary>The drafts, at most one per signature.</summary>
    IReadOnlyList<DraftProposal> Synthesize(SynthesisInput input);
}

/// <summary>Everything the synthesizer reads.</summary>
/// <param name="Patterns">Every pattern <see cref="PatternTally"/> counted over the sessions read.</param>
/// <param name="SessionsRead">Sessions read in all.</param>
/// <param name="ModelFindings">What model sub-agents reported, per session; empty without a model.</param>
/// <param name="Store">The input store's live memories.</param>
/// <param name="Instructions">The dream's instructions, or null.</param>
/// <param name="Now">The dream's clock, for staleness.</param>
public sealed record SynthesisInput(
    IReadOnlyList<Pattern> Patterns,
    int SessionsRead,
    IReadOnlyList<ModelFinding> ModelFindings,
    IReadOnlyList<StoreFile> Store,
    string? Instructions,
    DateTimeOffset Now);
