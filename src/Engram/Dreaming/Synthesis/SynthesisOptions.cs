using Engram.Dreaming.Findings;
using Engram.Memories;

namespace Engram.Dreaming.Synthesis;

/// <summary>The thresholds and target paths of <see cref="DreamSynthesizer"/>; every default is a named constant with its reason.</summary>
internal sealed record SynthesisOptions
{
    /// <summary>As many sessions as any pattern needs (<see cref="PatternThresholds.DefaultMinSessions"/>): a model's finding is held to the rules' thresholds, share included.</summary>
    public const int DefaultModelMinSessions = PatternThresholds.DefaultMinSessions;

    /// <summary>Cosine of two titles' embeddings above which they name one pattern: paraphrases score above it, neighbouring topics below.</summary>
    public const double DefaultTitleCosineThreshold = 0.8;

    /// <summary>Shared words of two titles (Jaccard) above which they name one pattern when no embedder is given: a reworded tail still matches.</summary>
    public const double DefaultTitleJaccardThreshold = 0.6;

    /// <summary>Shared three-word phrases (Jaccard) of two memories, or shared words of two lines, above which they say the same thing.</summary>
    public const double DefaultDuplicateThreshold = 0.8;

    /// <summary>Three agents: one scratchpad is a habit, two a coincidence, three a lesson the team has learned.</summary>
    public const int DefaultPromoteMinAgents = 3;

    /// <summary>The team's shared lessons, where promoted scratchpad lines go.</summary>
    public const string DefaultSharedPath = "/team/lessons.md";

    /// <summary>Agents keep their scratchpads under <c>/agents/&lt;agent&gt;/</c>.</summary>
    public const string DefaultScratchpadRoot = "/agents/";

    /// <summary>When a failure pattern (recovered or not) or a harness's feedback becomes a draft, where its line goes, and when it is scoped to projects.</summary>
    public FailurePatternOptions Failures { get; init; } = new();

    /// <summary>When a repeated user correction becomes a draft, and the shared memory it goes to.</summary>
    public UserCorrectionOptions UserCorrection { get; init; } = new();

    /// <summary>When a remember request becomes a draft, and where its line goes.</summary>
    public RememberRequestOptions RememberRequest { get; init; } = new();

    /// <summary>Distinct sessions a cluster of model findings needs to become a draft.</summary>
    public int ModelMinSessions { get; init; } = DefaultModelMinSessions;

    /// <summary>Embedding cosine at or above which two model findings' titles are one cluster (with an embedder).</summary>
    public double TitleCosineThreshold { get; init; } = DefaultTitleCosineThreshold;

    /// <summary>Word-set Jaccard at or above which two model findings' titles are one cluster (without an embedder).</summary>
    public double TitleJaccardThreshold { get; init; } = DefaultTitleJaccardThreshold;

    /// <summary>Similarity at or above which two memories are duplicates, and a line already says what a draft would add.</summary>
    public double DuplicateThreshold { get; init; } = DefaultDuplicateThreshold;

    /// <summary>Distinct agents whose scratchpads must hold a lesson line for it to be promoted.</summary>
    public int PromoteMinAgents { get; init; } = DefaultPromoteMinAgents;

    /// <summary>The shared memory file promoted lessons go to.</summary>
    public string SharedPath { get; init; } = DefaultSharedPath;

    /// <summary>The folder of agents' scratchpads: <c>&lt;root&gt;&lt;agent&gt;/…</c>; starts and ends with <c>/</c>.</summary>
    public string ScratchpadRoot { get; init; } = DefaultScratchpadRoot;

    /// <summary>Throws naming the first option out of range.</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Failures);
        Failures.Validate();
        ArgumentNullException.ThrowIfNull(UserCorrection);
        ArgumentNullException.ThrowIfNull(RememberRequest);
        ArgumentOutOfRangeException.ThrowIfLessThan(ModelMinSessions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(PromoteMinAgents, 2);
        Fraction(TitleCosineThreshold);
        Fraction(TitleJaccardThreshold);
        Fraction(DuplicateThreshold);
        if (!MemoryPath.IsValid(SharedPath))
        {
            throw new ArgumentException($"{nameof(SharedPath)} \"{SharedPath}\" is not a memory path", nameof(SharedPath));
        }

        if (ScratchpadRoot.Length < 2 || !ScratchpadRoot.StartsWith('/') || !ScratchpadRoot.EndsWith('/'))
        {
            throw new ArgumentException($"{nameof(ScratchpadRoot)} \"{ScratchpadRoot}\" must start and end with /", nameof(ScratchpadRoot));
        }
    }

    private static void Fraction(double value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value > 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be more than 0 and at most 1");
        }
    }
}
