using Microsoft.Extensions.AI;

namespace Engram.Models;

/// <summary>Wraps a provider SDK's chat client so its HTTP failures surface as <see cref="Dreaming.Model.ModelProviderException"/>, with the retry-after the response asked for.</summary>
internal sealed class ProviderFaultChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var slot = RetryAfterCapture.Begin();
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (ProviderFaults.Translate(exception, slot.RetryAfter) is { } fault && !ReferenceEquals(fault, exception))
        {
            throw fault;
        }
    }
}
