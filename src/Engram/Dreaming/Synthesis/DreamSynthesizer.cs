using Engram.Dreaming.Analysis;
using Engram.Dreaming.Findings;
using Engram.Memories;
using Engram.Review;
using Engram.Search;

namespace Engram.Dreaming.Synthesis;

/// <summary>
/// The orchestrator's synthesis without a model's help: the rule-based analyzers (failures judged by class, recovered
/// or not; the harness's feedback; user corrections; remember requests) over the tallied patterns, model findings
/// clustered across sessions, and lessons several agents keep in their scratchpads, become lines for the sections of
/// memory files where they belong. Then the dream's instructions steer them (<see cref="Steering"/>), earlier dreams'
/// proposals hold back what is pending, applied or rejected (<see cref="PriorProposals"/>), the store checks drop what
/// is already stated and replace lines a failure contradicts, and merges of duplicate memories and deletions of expired
/// ones are added. Every candidate's decision is recorded. Deterministic: the same input, in any order, gives the same
/// drafts in the same order (the most agents first, then the most sessions, then kind and signature, ordinal), at most
/// one per signature.
/// </summary>
internal sealed class DreamSynthesizer : IDreamSynthesizer
{
    private readonly SynthesisOptions _options;
    private readonly ITextEmbedder? _embedder;

    /// <summary>A synthesizer with <paramref name="options"/> (defaults when null) and, to cluster model findings and read instructions by meaning, an <paramref name="embedder"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the exception names it.</exception>
    public DreamSynthesizer(SynthesisOptions? options = null, ITextEmbedder? embedder = null)
    {
        _options = options ?? new SynthesisOptions();
        _options.Validate();
        _embedder = embedder;
    }

    /// <inheritdoc/>
    public SynthesisResult Synthesize(SynthesisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Patterns);
        ArgumentNullException.ThrowIfNull(input.ModelFindings);
        ArgumentNullException.ThrowIfNull(input.Store);
        ArgumentOutOfRangeException.ThrowIfNegative(input.SessionsRead);

        var steering = Steering.Parse(input.Instructions, _embedder);
        var options = Steered(_options, steering);
        var store = StoreView.Of(input.Store, input.Now, options.ScratchpadRoot);
        var ledger = new PatternLedger();
        var prior = new PriorProposals(input.Prior, options.Failures.Thresholds.MinSessions);
        var stated = new StatedLines(store, options.DuplicateThreshold);
        var candidates = RuleFindings.Candidates(input, store, options, ledger)
            .Concat(Recorded(ModelFindingClusters.Candidates(input.ModelFindings, input.SessionsRead, options, _embedder), ledger))
            .Concat(Recorded(ScratchpadPromotion.Candidates(store, stated, input.Patterns, input.SessionsRead, options), ledger))
            .Order(Comparer<SynthesisCandidate>.Create(SynthesisCandidate.Compare))
            .ToList();

        var drafts = new List<DraftProposal>();
        foreach (var candidate in candidates)
        {
            if (Held(candidate.Signature, candidate.Topics.Count > 0 ? candidate.Topics : Labels(candidate.Kind), candidate.Kind, candidate.Title, candidate.TargetPath, candidate.Statistics, steering, prior, ledger) is not { } note)
            {
                continue;
            }

            // Checked after the instructions and earlier proposals, so a pattern a person rejected says so rather than this.
            if (candidate.KnownBy is { } fact && StoreText.AlreadyStatesFact(store.Text, fact))
            {
                ledger.Drop(candidate.Signature, PatternReasons.AlreadyKnown,
                    fact.Subject is { } subject ? $"a memory already says `{subject}` is missing, fails or is worked around here" : $"a memory already speaks of it ({string.Join(", ", fact.Words.Take(3))}…)");
                continue;
            }

            var rationale = note.Length == 0 ? candidate.Rationale : $"{candidate.Rationale} {note}";
            if (candidate.Fix is var (failed, fix) && ContradictedLines.Drafts(candidate with { Rationale = rationale }, failed, fix, store).ToList() is { Count: > 0 } fixes)
            {
                drafts.AddRange(fixes);
                continue;
            }

            if (MemoryText.Violation(candidate.Text) is { } violation)
            {
                ledger.Drop(candidate.Signature, PatternReasons.NoWording, $"its memory text cannot be used as it is: {violation}");
                continue;
            }

            if (!MemoryPath.IsValid(candidate.TargetPath) || stated.States(candidate.TargetPath, candidate.Text))
            {
                ledger.Drop(candidate.Signature, PatternReasons.AlreadyKnown, $"{candidate.TargetPath} already says it");
                continue;
            }

            drafts.Add(MemoryEdits.Append(store.Find(candidate.TargetPath), candidate.TargetPath, candidate.Section, candidate.Text, rationale, candidate.Origin()));
            stated.Drafted(candidate.TargetPath, candidate.Text);
        }

        foreach (var draft in StaleMemories.Drafts(store, input.SessionsRead).Concat(DuplicateMemories.Drafts(store, options.DuplicateThreshold, input.SessionsRead)))
        {
            var origin = draft.Origin;
            var about = Labels(origin.Kind);
            ledger.Propose(origin.Signature, origin.Kind, origin.Title, Prevalence(origin.Statistics), draft.Rationale);
            if (Held(origin.Signature, about, origin.Kind, origin.Title, draft.Path, origin.Statistics, steering, prior, ledger) is not null)
            {
                drafts.Add(draft);
            }
        }

        var kept = drafts
            .Order(Comparer<DraftProposal>.Create((left, right) => DraftOrder.Compare(left.Origin, right.Origin)))
            .DistinctBy(d => d.Origin.Signature, StringComparer.Ordinal)
            .ToList();
        return new SynthesisResult(kept, ledger.Considered) { Instructions = steering.Readings };
    }

    // Null when the instructions or an earlier proposal hold the candidate back (recorded in the ledger); else a note for its rationale ("" for none).
    private static string? Held(string signature, IReadOnlyList<string> about, string kind, string title, string path, ProposalStatistics statistics,
        Steering steering, PriorProposals prior, PatternLedger ledger)
    {
        var (keep, why) = steering.Decide(about, kind, title, path);
        if (!keep)
        {
            ledger.Drop(signature, PatternReasons.Instruction, why!);
            return null;
        }

        if (prior.Blocks(signature, statistics, out var note) is var (reason, detail))
        {
            ledger.Drop(signature, reason, detail);
            return null;
        }

        if (note is not null)
        {
            ledger.Note(signature, note);
        }

        return note ?? "";
    }

    // The labels of kinds whose candidates carry none of their own.
    private static IReadOnlyList<string> Labels(string kind) => kind switch
    {
        DraftKinds.Stale => PatternTopics.Stale,
        DraftKinds.Duplicate => PatternTopics.Duplicate,
        DraftKinds.Promote => PatternTopics.Promote,
        DraftKinds.Model => PatternTopics.Model,
        _ => [],
    };

    // Candidates whose own rules already passed them (model clusters, promotions) are recorded as proposed until a later check drops them.
    private static IEnumerable<SynthesisCandidate> Recorded(IEnumerable<SynthesisCandidate> candidates, PatternLedger ledger)
    {
        foreach (var candidate in candidates)
        {
            ledger.Propose(candidate.Signature, candidate.Kind, candidate.Title, Prevalence(candidate.Statistics), candidate.Rationale);
            yield return candidate;
        }
    }

    private static Prevalence Prevalence(ProposalStatistics statistics) =>
        new(statistics.Sessions, statistics.SessionsRead, statistics.Agents, statistics.FirstSeen, statistics.LastSeen);

    // The instructions' thresholds, where they give any, over the options'.
    private static SynthesisOptions Steered(SynthesisOptions options, Steering steering)
    {
        if (steering.MinSessions is null && steering.MinShare is null)
        {
            return options;
        }

        var thresholds = options.Failures.Thresholds;
        thresholds = thresholds with
        {
            MinSessions = steering.MinSessions ?? thresholds.MinSessions,
            EnvironmentShare = steering.MinShare ?? thresholds.EnvironmentShare,
            HabitShare = steering.MinShare ?? thresholds.HabitShare,
        };
        return options with
        {
            Failures = options.Failures with { Thresholds = thresholds },
            UserCorrection = options.UserCorrection with { MinSessions = steering.MinSessions ?? options.UserCorrection.MinSessions },
            ModelMinSessions = steering.MinSessions ?? options.ModelMinSessions,
        };
    }
}
