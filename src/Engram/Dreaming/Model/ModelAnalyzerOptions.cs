using Engram.Errors;

namespace Engram.Dreaming.Model;

/// <summary>
/// Bounds of one model sub-agent: how long it may talk, how much transcript it is shown, how much it may
/// report, and how it retries a provider that is busy. The defaults keep a batch's prompt a small fraction of
/// its transcripts.
/// </summary>
public sealed record ModelAnalyzerOptions
{
    /// <summary>Requests per batch at most (the first one and one per round of tool calls).</summary>
    public int MaxToolRounds { get; init; } = 6;

    /// <summary>Characters of one event's text in an excerpt; longer texts are cut with a marker saying how much is left out.</summary>
    public int MaxExcerptChars { get; init; } = 400;

    /// <summary>Events shown before and after each signal's event.</summary>
    public int ContextEvents { get; init; } = 2;

    /// <summary>Signals listed per session; failures, retries, corrections and requests come before memory accesses.</summary>
    public int MaxSignalsPerSession { get; init; } = 30;

    /// <summary>Events shown per session in the first request, around its signals.</summary>
    public int MaxExcerptEventsPerSession { get; init; } = 40;

    /// <summary>Events one <c>read_events</c> call may return.</summary>
    public int MaxReadEvents { get; init; } = 20;

    /// <summary>Characters of a memory one <c>read_memory</c> call returns.</summary>
    public int MaxMemoryChars { get; init; } = 8_000;

    /// <summary>Findings accepted per batch; later reports are refused with that reason.</summary>
    public int MaxFindingsPerBatch { get; init; } = 20;

    /// <summary>Tool calls carried out per round; the model is told the rest were skipped.</summary>
    public int MaxToolCallsPerRound { get; init; } = 16;

    /// <summary>The model's output tokens per request.</summary>
    public int MaxOutputTokens { get; init; } = 4_096;

    /// <summary>How a busy or failing provider is retried.</summary>
    public ModelRetryOptions Retry { get; init; } = new();

    /// <summary>Refuses a bound that cannot work, naming the option.</summary>
    internal ModelAnalyzerOptions Validated()
    {
        Positive(MaxToolRounds, "max_tool_rounds");
        Positive(MaxExcerptChars, "max_excerpt_chars");
        Positive(MaxSignalsPerSession, "max_signals_per_session");
        Positive(MaxExcerptEventsPerSession, "max_excerpt_events_per_session");
        Positive(MaxReadEvents, "max_read_events");
        Positive(MaxMemoryChars, "max_memory_chars");
        Positive(MaxFindingsPerBatch, "max_findings_per_batch");
        Positive(MaxToolCallsPerRound, "max_tool_calls_per_round");
        Positive(MaxOutputTokens, "max_output_tokens");
        if (ContextEvents < 0)
        {
            throw new InvalidRequestException("context_events", $"must be 0 or more (got {ContextEvents})");
        }

        ArgumentNullException.ThrowIfNull(Retry);
        Retry.Validate();
        return this;
    }

    internal static void Positive(int value, string field)
    {
        if (value < 1)
        {
            throw new InvalidRequestException(field, $"must be at least 1 (got {value})");
        }
    }
}

/// <summary>Retries of a provider answering 429 (rate limit), 529 (overloaded) or another 5xx: exponential backoff with jitter, or the provider's retry-after.</summary>
public sealed record ModelRetryOptions
{
    /// <summary>Attempts per request, the first included; 1 turns retries off.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The first backoff; each retry doubles it, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest backoff computed here; a provider's retry-after is honoured up to <see cref="MaxRetryAfter"/>.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest retry-after honoured; a provider asking for more is waited on this long.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    internal void Validate()
    {
        ModelAnalyzerOptions.Positive(MaxAttempts, "retry.max_attempts");
        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay || MaxRetryAfter < TimeSpan.Zero)
        {
            throw new InvalidRequestException("retry", "delays must be 0 or more, with max_delay at least base_delay");
        }
    }
}
