using System.Net;
using System.Text.Json;
using Engram.Errors;
using Engram.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Logging;

namespace Engram.Server.Http;

/// <summary>
/// Turns every failure into the compatible error body <c>{"type":"error","error":{...}}</c> with its
/// status code, once, at the edge. Unexpected failures answer 500 without internals and are logged.
/// </summary>
internal sealed class ErrorResponses(RequestDelegate next, ILogger<ErrorResponses> logger)
{
    private const string IfMatchKey = "engram.if-match";

    /// <summary>Marks the request's precondition as coming from If-Match, so a mismatch answers 412.</summary>
    public static void PreconditionFromIfMatch(HttpContext context) => context.Items[IfMatchKey] = true;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);

            // Some failures are answered below the endpoints with a bare status (a body over the size limit
            // rejected while binding, a wrong method): give every one of them the compatible error body.
            if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.GetEndpoint()?.Metadata.GetMetadata<Engram.Web.UiEndpoint>() is null)
            {
                await WriteAsync(context, context.Response.StatusCode, ForBareStatus(context.Response.StatusCode));
            }
        }
        catch (EngramException error)
        {
            await WriteAsync(context, StatusFor(error, context), error);
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var limit = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            await WriteAsync(context, 413, new EngramException(ErrorType.TooLarge, "request_too_large",
                $"the request body is larger than this server accepts{(limit is { } bytes ? $" here ({bytes / 1024.0 / 1024.0:0.#} MiB)" : "")}"));
        }
        catch (BadHttpRequestException error)
        {
            await WriteAsync(context, 400, new InvalidRequestException(BodyField(error.InnerException), BodyRule(context, error)));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception error)
        {
            logger.LogError(error, "unhandled {Method} {Route}", context.Request.Method, RequestLog.Route(context));
            await WriteAsync(context, 500, new EngramException(ErrorType.Internal, "api_error", $"internal error (request {context.TraceIdentifier})"));
        }
    }

    private static EngramException ForBareStatus(int status) => status switch
    {
        413 => new EngramException(ErrorType.TooLarge, "request_too_large", "the request body is larger than this server accepts"),
        404 => new NotFoundException("route", "for this request"),
        405 => new InvalidRequestException("method", "is not allowed on this route"),
        >= 500 => new EngramException(ErrorType.Internal, "api_error", "internal error"),
        _ => new InvalidRequestException("body", "could not be read as this request requires"),
    };

    public static int StatusFor(EngramException error, HttpContext context) => error.Type switch
    {
        ErrorType.InvalidRequest => 400,
        ErrorType.Authentication => 401,
        ErrorType.Permission => 403,
        ErrorType.NotFound => 404,
        ErrorType.PreconditionFailed when context.Items.ContainsKey(IfMatchKey) => 412,
        ErrorType.PreconditionFailed or ErrorType.PathConflict or ErrorType.Conflict => 409,
        ErrorType.TooLarge => 413,
        ErrorType.RateLimit => 429,
        ErrorType.Unavailable => 503,
        _ => 500,
    };

    public static async Task WriteAsync(HttpContext context, int status, EngramException error, int? retryAfterSeconds = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (status is >= 400 and < 500 and not 429)
        {
            // The official SDKs retry 409s unless told not to; a stale precondition must not be retried blindly.
            context.Response.Headers["x-should-retry"] = "false";
        }

        // Not RequestAborted: after a rejected body (413) it may already be signalled, and the answer must still go out.
        await context.Response.WriteAsJsonAsync(error.ToJson(), WireJson.Options, CancellationToken.None);
    }

    private const string WrongType = "The JSON value could not be converted to ";

    private static string BodyField(Exception? inner) =>
        inner is JsonException { Path: { Length: > 2 } path } json && json.Message.StartsWith(WrongType, StringComparison.Ordinal)
            ? path.TrimStart('$', '.')
            : "body";

    private static string BodyRule(HttpContext context, BadHttpRequestException error) => error.InnerException switch
    {
        JsonException json when BodyField(json) is var field && field != "body" => $"must be {Describe(ExpectedType(context, field))}",
        // Valid JSON of another kind than an object ([], "x", 1): the body as a whole has the wrong type.
        JsonException json when json.Message.StartsWith(WrongType, StringComparison.Ordinal) => "a JSON object is required",
        JsonException json => $"is not valid JSON (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1})",
        _ when error.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => "a JSON object is required",
        _ => ((HttpStatusCode)error.StatusCode).ToString(),
    };

    /// <summary>The declared type of the body field at <paramref name="path"/> (<c>metadata.key</c>), from the endpoint's body type.</summary>
    private static Type? ExpectedType(HttpContext context, string path)
    {
        var type = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        foreach (var segment in path.Split('.'))
        {
            if (type is null)
            {
                return null;
            }

            type = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>)
                ? type.GetGenericArguments()[1]
                : type.GetProperties().FirstOrDefault(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == segment)?.PropertyType;
        }

        return type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
    }

    private static string Describe(Type? type) => type switch
    {
        null => "of the type the API reference gives",
        _ when type == typeof(string) => "a string",
        _ when type == typeof(int) || type == typeof(long) => "an integer",
        _ when type == typeof(bool) => "true or false",
        _ => "an object",
    };
}
