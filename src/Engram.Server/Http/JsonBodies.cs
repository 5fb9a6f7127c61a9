using Engram.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Engram.Server.Http;

/// <summary>
/// Request bodies are JSON in UTF-8. A body of any other media type is refused with 415 naming
/// <c>content-type</c>, whatever the route (routing would otherwise pass it over and answer 404). A body an
/// endpoint binds is read whole (within the body limit) and checked by <see cref="JsonBodyScan"/> before
/// binding sees it. Runs after authentication and rate limiting, so nothing is read for a refused caller.
/// </summary>
internal sealed class JsonBodies(RequestDelegate next)
{

    public async Task InvokeAsync(HttpContext context)
    {
        // The review UI posts HTML forms; its pages bind them, with antiforgery checks of their own.
        if (HasBody(context) && context.GetEndpoint()?.Metadata.GetMetadata<Engram.Web.UiEndpoint>() is null)
        {
            if (ContentTypeProblem(context.Request.ContentType) is { } problem)
            {
                await ErrorResponses.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, new InvalidRequestException("content-type", problem));
                return;
            }

            if (context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: not null })
            {
                var body = await ReadAsync(context, context.RequestAborted);
                JsonBodyScan.Check(body.AsSpan());
                context.Request.Body = new MemoryStream(body.Array!, body.Offset, body.Count, writable: false);
            }
        }

        await next(context);
    }

    private static bool HasBody(HttpContext context) =>
        context.Request.ContentLength is > 0
        || (context.Request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true);

    /// <summary>Why the declared media type is not JSON in UTF-8, or null when it is (<c>application/json</c> or <c>application/*+json</c>).</summary>
    private static string? ContentTypeProblem(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return "is required with a body, and must be application/json";
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type)
        {
            return $"must be application/json (got \"{contentType}\", which is not a media type)";
        }

        if (!type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            && !(type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            return $"must be application/json (got {type})";
        }

        return media.Charset.Value is { Length: > 0 } charset && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? $"charset must be utf-8 (got {charset})"
            : null;
    }

    /// <summary>The whole body; reading past the endpoint's body limit throws the 413 that <see cref="ErrorResponses"/> answers.</summary>
    private static async Task<ArraySegment<byte>> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        // The declared length is the client's word: it sizes the buffer only up to what this endpoint accepts.
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0;
        using var buffer = new MemoryStream((int)Math.Min(Math.Min(context.Request.ContentLength ?? 0, limit), Array.MaxLength));
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.TryGetBuffer(out var bytes) ? bytes : buffer.ToArray();
    }
}
