using System.Net;
using System.Text.Json;
using Engram.Errors;
using Engram.Wire;
using Microsoft.AspNetCore.Http;
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
        }
        catch (EngramException error)
        {
            await WriteAsync(context, StatusFor(error, context), error);
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteAsync(context, 413, new EngramException(ErrorType.TooLarge, "request_too_large", "the request body is larger than this server accepts"));
        }
        catch (BadHttpRequestException error)
        {
            await WriteAsync(context, 400, new InvalidRequestException(BodyField(error.InnerException), BodyRule(error)));
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
        _ => 500,
    };

    public static async Task WriteAsync(HttpContext context, int status, EngramException error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        if (status is >= 400 and < 500 and not 429)
        {
            // The official SDKs retry 409s unless told not to; a stale precondition must not be retried blindly.
            context.Response.Headers["x-should-retry"] = "false";
        }

        await context.Response.WriteAsJsonAsync(error.ToJson(), WireJson.Options, context.RequestAborted);
    }

    private const string WrongType = "The JSON value could not be converted to ";

    private static string BodyField(Exception? inner) =>
        inner is JsonException { Path: { Length: > 2 } path } json && json.Message.StartsWith(WrongType, StringComparison.Ordinal)
            ? path.TrimStart('$', '.')
            : "body";

    private static string BodyRule(BadHttpRequestException error) => error.InnerException switch
    {
        JsonException json when json.Message.StartsWith(WrongType, StringComparison.Ordinal) => $"must be {Expected(json.Message)}",
        JsonException json => $"is not valid JSON (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1})",
        _ when error.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => "a JSON object is required",
        _ => ((HttpStatusCode)error.StatusCode).ToString(),
    };

    private static string Expected(string message)
    {
        var type = message[WrongType.Length..].Split('.', ' ')[1];
        return type switch
        {
            "String" => "a string",
            "Int32" or "Int64" => "an integer",
            "Boolean" => "true or false",
            _ when message.Contains("Dictionary", StringComparison.Ordinal) => "an object of string values",
            _ => "an object as the API reference describes",
        };
    }
}
