using System.Globalization;
using System.Net.Http.Headers;
using Engram.Dreaming.Model;

namespace Engram.Models;

/// <summary>
/// Reads a failed response's <c>retry-after-ms</c> or <c>retry-after</c> (seconds or an HTTP date) into the
/// slot of the model call that sent it, since the SDKs' exceptions do not carry headers. The slot travels with
/// the call's async flow, so parallel calls on one client never see each other's hints.
/// </summary>
internal sealed class RetryAfterCapture(TimeProvider time, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private static readonly AsyncLocal<Slot?> Current = new();

    /// <summary>A new slot for the calls that follow in this async flow.</summary>
    public static Slot Begin()
    {
        var slot = new Slot();
        Current.Value = slot;
        return slot;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (Current.Value is { } slot && ModelProviderException.IsTransientStatus((int)response.StatusCode))
        {
            slot.RetryAfter = Parse(response.Headers, time.GetUtcNow());
        }

        return response;
    }

    /// <summary>The wait a response asks for, or null when it asks for none.</summary>
    internal static TimeSpan? Parse(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.TryGetValues("retry-after-ms", out var millis)
            && double.TryParse(millis.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        return headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };
    }

    /// <summary>What one model call's responses asked for.</summary>
    internal sealed class Slot
    {
        public TimeSpan? RetryAfter { get; set; }
    }
}
