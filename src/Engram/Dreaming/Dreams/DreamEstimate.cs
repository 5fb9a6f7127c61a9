namespace Engram.Dreaming.Dreams;

/// <summary>What a dream would read and spend: the dry run's answer. Nothing was written to produce it.</summary>
/// <param name="Sessions">Sessions the dream would read.</param>
/// <param name="Events">Events in those sessions.</param>
/// <param name="SessionsWithSignals">Sessions whose signals a model would read.</param>
/// <param name="UsesModel">A model sub-agent is configured for the dream's model.</param>
/// <param name="Batches">Model batches it would send (0 without a model).</param>
/// <param name="EstimatedInputTokens">Input tokens those batches would send before any tool call.</param>
/// <param name="EstimatedOutputTokens">Output tokens they would likely take (a fixed allowance per batch).</param>
/// <param name="EstimatedCostUsd">The cost at the model's known price, or null when no price is known (or no model is used).</param>
/// <param name="TokenBudget">The dream's token budget: a run stops starting batches once it is spent.</param>
public sealed record DreamEstimate(
    int Sessions,
    long Events,
    int SessionsWithSignals,
    bool UsesModel,
    int Batches,
    long EstimatedInputTokens,
    long EstimatedOutputTokens,
    decimal? EstimatedCostUsd,
    long TokenBudget)
{
    /// <summary>Output tokens allowed per batch in the estimate: a batch reports a few findings of a few hundred tokens each.</summary>
    public const int OutputTokensPerBatch = 1_024;
}
