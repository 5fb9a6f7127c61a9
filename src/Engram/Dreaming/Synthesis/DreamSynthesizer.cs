using Engram.Dreaming.Analysis;
using Engram.Memories;
using Engram.Search;

namespace Engram.Dreaming.Synthesis;

/// <summary>
/// The orchestrator's synthesis without a model's help: the rule-based analyzers (recovered failures with their
/// counter examples, user corrections, remember requests) over the tallied patterns, model findings clustered
/// across sessions, and lessons several agents keep in their scratchpads, become lines for memory files; the
/// store checks then drop what is already stated, replace lines a recovered failure contradicts, and add merges
/// of duplicate memories and deletions of expired ones. The dream's instructions filter every draft
/// (<c>ignore:</c>, <c>exclude:</c>, <c>only:</c>; see <see cref="SynthesisInstructions"/>). Deterministic: the
/// same input, in any order, gives the same drafts in the same order (most sessions first, then kind and
/// signature, ordinal), at most one per signature.
/// </summary>
public sealed class DreamSynthesizer : IDreamSynthesizer
{
    private readonly SynthesisOptions _options;
    private readonly ITextEmbedder? _embedder;

    /// <summary>A synthesizer with <paramref name="options"/> (defaults when null) and, to cluster model findings by meaning, an <paramref name="embedder"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the exception names it.</exception>
    public DreamSynthesizer(SynthesisOptions? options = null, ITextEmbedder? embedder = null)
    {
        _options = options ?? new SynthesisOptions();
        _options.Validate();
        _embedder = embedder;
    }

    /// <inheritdoc/>
    public IReadOnlyList<DraftProposal> Synthesize(SynthesisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Patterns);
        ArgumentNullException.ThrowIfNull(input.ModelFindings);
        ArgumentNullException.ThrowIfNull(input.Store);
        ArgumentOutOfRangeException.ThrowIfNegative(input.SessionsRead);

        var store = StoreView.Of(input.Store, input.Now, _options.ScratchpadRoot);
        var instructions = SynthesisInstructions.Parse(input.Instructions);
        var stated = new StatedLines(store, _options.DuplicateThreshold);
        var candidates = RuleFindings.Candidates(input.Patterns, store, _options)
            .Concat(ModelFindingClusters.Candidates(input.ModelFindings, input.SessionsRead, _options, _embedder))
            .Concat(ScratchpadPromotion.Candidates(store, stated, input.Patterns, input.SessionsRead, _options))
            .Order(Comparer<SynthesisCandidate>.Create(SynthesisCandidate.Compare))
            .ToList();

        var drafts = new List<DraftProposal>();
        foreach (var candidate in candidates.Where(c => instructions.Keeps(c.Kind, c.Signature, c.Title, c.TargetPath)))
        {
            if (candidate.Fix is var (failed, fix) && ContradictedLines.Drafts(candidate, failed, fix, store).ToList() is { Count: > 0 } fixes)
            {
                drafts.AddRange(fixes);
                continue;
            }

            if (!MemoryPath.IsValid(candidate.TargetPath) || stated.States(candidate.TargetPath, candidate.Text))
            {
                continue;
            }

            drafts.Add(MemoryEdits.Append(store.Find(candidate.TargetPath), candidate.TargetPath, candidate.Text, candidate.Rationale, candidate.Origin()));
            stated.Drafted(candidate.TargetPath, candidate.Text);
        }

        drafts.AddRange(StaleMemories.Drafts(store, input.SessionsRead));
        drafts.AddRange(DuplicateMemories.Drafts(store, _options.DuplicateThreshold, input.SessionsRead));
        return [.. drafts
            .Order(Comparer<DraftProposal>.Create((left, right) => DraftOrder.Compare(
                left.Origin.Statistics.Sessions, left.Origin.Kind, left.Origin.Signature, right.Origin.Statistics.Sessions, right.Origin.Kind, right.Origin.Signature)))
            .Where(d => instructions.Keeps(d.Origin.Kind, d.Origin.Signature, d.Origin.Title, d.Path))
            .DistinctBy(d => d.Origin.Signature, StringComparer.Ordinal)];
    }
}
