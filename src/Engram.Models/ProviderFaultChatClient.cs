using Microsoft.Extensions.AI;

namespace Engram.Models;

/// <summary>
/// Wraps a provider SDK's chat client so its HTTP failures surface as <see cref="Dreaming.Model.ModelProviderException"/>,
/// with the retry-after the response asked for and the <paramref name="endpoint"/> that failed (a connection that
/// could not be made is status 0), so a dream that goes on without the model can say which endpoint let it down.
/// </summary>
internal sealed class ProviderFaultChatClient(IChatClient inner, string endpoint) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var slot = RetryAfterCapture.Begin();
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (ProviderFaults.Translate(exception, slot.RetryAfter, endpoint) is { } fault && !ReferenceEquals(fault, exception))
        {
            throw fault;
        }
    }
}
