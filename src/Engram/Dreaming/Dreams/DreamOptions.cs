using Engram.Dreaming.Analysis;

namespace Engram.Dreaming.Dreams;

/// <summary>How dreams run: the synthesizer, the model sub-agents and their bounds, and prices for the dry run.</summary>
public sealed record DreamOptions
{
    /// <summary>Sessions per model batch unless set: the store index is sent once per batch, so five sessions cost about 0.04x of sending each transcript and the store whole (bench dream-tokens), yet each is still read with care.</summary>
    public const int DefaultBatchSessions = 5;

    /// <summary>Model batches at once unless set: enough to keep a provider busy without tripping its rate limits.</summary>
    public const int DefaultConcurrency = 4;

    /// <summary>Input plus output tokens a dream may spend unless set: a few dollars on a large model.</summary>
    public const long DefaultTokenBudget = 2_000_000;

    /// <summary>Turns the tallied patterns and model findings into drafts: <see cref="Synthesis.DreamSynthesizer"/> with its default options unless set.</summary>
    public IDreamSynthesizer Synthesizer { get; init; } = new Synthesis.DreamSynthesizer();

    /// <summary>The model sub-agent for a dream's model, or null to analyse with rules alone. Unset: no model.</summary>
    public Func<DreamModel, ISessionAnalyzer?>? Analyzers { get; init; }

    /// <summary>Sessions per model batch (1 or more).</summary>
    public int BatchSessions { get; init; } = DefaultBatchSessions;

    /// <summary>Model batches run at once (1 or more).</summary>
    public int Concurrency { get; init; } = DefaultConcurrency;

    /// <summary>Input plus output tokens after which no further model batch starts; the dream completes with what it has.</summary>
    public long TokenBudget { get; init; } = DefaultTokenBudget;

    /// <summary>USD per million input and output tokens of a model id, or null when unknown: the dry run's cost estimate (<see cref="Model.ModelPrices"/> unless set).</summary>
    public Func<string, Model.ModelPrice?>? Prices { get; init; } = Model.ModelPrices.For;

    /// <summary>Sessions whose signal pass is recorded in one write (a crash loses at most these); tests make it small.</summary>
    internal int SessionsPerAnalysisBatch { get; init; } = DreamRunner.SessionsPerAnalysisBatch;

    /// <summary>Test seam: called once for each session whose events the signal pass reads.</summary>
    internal Action<string>? SessionRead { get; init; }

    /// <summary>The options checked, or the rule a value breaks.</summary>
    internal DreamOptions Validated() =>
        BatchSessions < 1 ? throw new ArgumentOutOfRangeException(nameof(BatchSessions), BatchSessions, "must be at least 1")
        : Concurrency < 1 ? throw new ArgumentOutOfRangeException(nameof(Concurrency), Concurrency, "must be at least 1")
        : SessionsPerAnalysisBatch < 1 ? throw new ArgumentOutOfRangeException(nameof(SessionsPerAnalysisBatch), SessionsPerAnalysisBatch, "must be at least 1")
        : TokenBudget < 0 ? throw new ArgumentOutOfRangeException(nameof(TokenBudget), TokenBudget, "must not be negative")
        : this;
}
