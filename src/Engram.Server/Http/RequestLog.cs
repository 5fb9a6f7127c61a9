using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Engram.Server.Http;

/// <summary>
/// One structured line per request: method, route template, status, duration and API key id. Never the
/// query string (paths can be sensitive), headers (secrets) or bodies (memory content, and the review UI's sign-in form,
/// which carries a key).
/// </summary>
internal sealed partial class RequestLog(RequestDelegate next, ILogger<RequestLog> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            Completed(logger, context.Request.Method, Route(context), context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, (context.CallerOrNull() ?? Engram.Web.Http.UiRequest.CallerOrNull(context))?.ApiKeyId);
        }
    }

    /// <summary>The route template (<c>/v1/memory_stores/{store_id}</c>) rather than the concrete path.</summary>
    public static string Route(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Route} {Status} {ElapsedMs:0.0}ms key={ApiKeyId}")]
    private static partial void Completed(ILogger logger, string method, string route, int status, double elapsedMs, string? apiKeyId);
}
