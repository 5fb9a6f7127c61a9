using System.ClientModel;
using Anthropic.Exceptions;
using Engram.Dreaming.Model;

namespace Engram.Models;

/// <summary>
/// The one place that knows what the provider SDKs throw for an HTTP failure, and turns it into
/// <see cref="ModelProviderException"/> for the analyzer's retries. The Anthropic SDK throws subclasses of
/// <see cref="AnthropicApiException"/> (<c>AnthropicRateLimitException</c> for 429, <c>AnthropicOverloadedException</c>
/// for 529, other <c>Anthropic5xxException</c>s, with <see cref="AnthropicApiException.StatusCode"/>); the OpenAI
/// client throws <see cref="ClientResultException"/> with <see cref="ClientResultException.Status"/>. Neither
/// exposes the retry-after header on the exception, so <see cref="RetryAfterCapture"/> reads it off the response.
/// </summary>
internal static class ProviderFaults
{
    /// <summary>
    /// The provider failure <paramref name="exception"/> reports, naming <paramref name="endpoint"/>; a connection that
    /// could not be made is status 0. Null when it is no provider failure (cancellation, a bug).
    /// </summary>
    public static ModelProviderException? Translate(Exception exception, TimeSpan? retryAfter, string endpoint) => exception switch
    {
        ModelProviderException already => already,
        AnthropicApiException api => new ModelProviderException((int)api.StatusCode, retryAfter, $"{endpoint} answered {(int)api.StatusCode}: {api.Message}", api),
        ClientResultException { Status: > 0 } result => new ModelProviderException(result.Status, retryAfter, $"{endpoint} answered {result.Status}: {result.Message}", result),
        HttpRequestException { StatusCode: { } status } http => new ModelProviderException((int)status, retryAfter, $"{endpoint} answered {(int)status}: {http.Message}", http),
        HttpRequestException http => new ModelProviderException(0, null, $"{endpoint} could not be reached: {http.Message}", http),
        AnthropicIOException io => new ModelProviderException(0, null, $"{endpoint} could not be reached: {((Exception?)io.InnerException ?? io).Message}", io),
        AnthropicInvalidDataException data => new ModelProviderException(0, null, $"{endpoint} answered with data the client could not read: {data.Message}", data),
        ClientResultException { Status: 0, InnerException: HttpRequestException http } result => new ModelProviderException(0, null, $"{endpoint} could not be reached: {http.Message}", result),
        _ => null,
    };
}
