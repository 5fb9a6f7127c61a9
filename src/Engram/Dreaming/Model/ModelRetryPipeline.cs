using Polly;
using Polly.Retry;

namespace Engram.Dreaming.Model;

/// <summary>
/// Retries one model request while the provider answers 429, 529 or another 5xx: exponential backoff with
/// jitter, or the provider's retry-after when it gives one. Delays run on the injected clock, so tests advance
/// a fake one instead of sleeping. The SDKs' own retries are off (see the model clients), so every retry is
/// counted here once.
/// </summary>
internal sealed class ModelRetryPipeline
{
    private readonly ResiliencePipeline _pipeline;
    private readonly int _maxAttempts;

    public ModelRetryPipeline(ModelRetryOptions options, TimeProvider time, Func<double>? randomizer = null)
    {
        _maxAttempts = options.MaxAttempts;
        if (options.MaxAttempts == 1)
        {
            _pipeline = ResiliencePipeline.Empty;
            return;
        }

        var retry = new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldHandle = arguments => ValueTask.FromResult(TransientFailure(arguments.Outcome.Exception) is not null),
            DelayGenerator = arguments => ValueTask.FromResult(
                TransientFailure(arguments.Outcome.Exception)?.RetryAfter is { } wait && wait >= TimeSpan.Zero
                    ? (TimeSpan?)(wait < options.MaxRetryAfter ? wait : options.MaxRetryAfter)
                    : null),
        };
        if (randomizer is not null)
        {
            retry.Randomizer = randomizer;
        }

        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(retry).Build();
    }

    /// <summary>Runs <paramref name="request"/>, retrying transient provider failures; when attempts run out, throws <see cref="ModelUnavailableException"/>.</summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> request, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (TransientFailure(exception) is { } last)
        {
            // Only a transient failure still standing after the last attempt gets here.
            throw new ModelUnavailableException(_maxAttempts, last);
        }
    }

    /// <summary>The provider failure worth retrying in <paramref name="exception"/>, or null for anything else (cancellation included).</summary>
    private static ModelProviderException? TransientFailure(Exception? exception) => exception switch
    {
        ModelProviderException { IsTransient: true } provider => provider,
        HttpRequestException { StatusCode: { } status } http when ModelProviderException.IsTransientStatus((int)status) =>
            new ModelProviderException((int)status, null, http.Message, http),
        _ => null,
    };
}
