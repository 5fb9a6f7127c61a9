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
    /// <summary>The drafts, at most one per signature, and every candidate pattern considered with its decision.</summary>
    SynthesisResult Synthesize(SynthesisInput input);
}

/// <summary>What synthesis made: the drafts, and what it considered (proposed or dropped, and why).</summary>
public sealed record SynthesisResult(IReadOnlyList<DraftProposal> Drafts, IReadOnlyList<ConsideredPattern> Considered)
{
    /// <summary>How the rules read each sentence of the dream's instructions.</summary>
    public IReadOnlyList<Synthesis.InstructionReading> Instructions { get; init; } = [];
}

/// <summary>A proposal an earlier dream filed on the same store, as far as deciding whether to propose its pattern again needs.</summary>
/// <param name="ProposalId">The proposal.</param>
/// <param name="Signature">Its pattern's signature.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Sessions">The sessions that showed the pattern then.</param>
/// <param name="SessionsRead">The sessions that dream read.</param>
/// <param name="DecidedAt">When it was decided, if it was.</param>
public sealed record PriorProposal(string ProposalId, string Signature, Review.ProposalStatus Status, int Sessions, int SessionsRead, DateTimeOffset? DecidedAt)
{
    /// <summary>When a person reverted the dream that filed it (<c>engram dreams revert</c>), if they did.</summary>
    public DateTimeOffset? DreamRevertedAt { get; init; }
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
    DateTimeOffset Now)
{
    /// <summary>Sessions read per project (<see cref="PatternTally.Projects"/>), for scoping environment facts.</summary>
    public IReadOnlyList<ProjectCount> Projects { get; init; } = [];

    /// <summary>Proposals earlier dreams filed on the store: a pattern already pending, applied or rejected is not proposed again.</summary>
    public IReadOnlyList<PriorProposal> Prior { get; init; } = [];
}
