using Engram.Errors;

namespace Engram.Server.Endpoints;

/// <summary>
/// The MCP server at <c>/mcp</c> (streamable HTTP, stateless): JSON-RPC messages come by POST. The transport lets a
/// client GET the endpoint to open a stream of server-initiated messages, and DELETE it to end a session; a stateless
/// server has neither, and the specification's answer for that is 405 Method Not Allowed (with <c>Allow</c>, as HTTP
/// requires of a 405), which clients such as the TypeScript SDK's take as "no stream here" and carry on. A 404 instead
/// reads as a broken endpoint to them.
/// </summary>
internal static class McpEndpoints
{
    /// <summary>The only method this endpoint answers.</summary>
    private const string Allowed = "POST";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMcp(ApiKeyAuthentication.McpPath).WithTags("MCP");
        app.MapMethods(ApiKeyAuthentication.McpPath, [HttpMethods.Get, HttpMethods.Delete], NoStreamAsync).ExcludeFromDescription();
    }

    private static Task NoStreamAsync(HttpContext http)
    {
        // ErrorResponses.WriteAsync clears the headers it finds, so Allow is added as the answer goes out.
        http.Response.OnStarting(() =>
        {
            http.Response.Headers.Allow = Allowed;
            return Task.CompletedTask;
        });
        return ErrorResponses.WriteAsync(http, StatusCodes.Status405MethodNotAllowed, new InvalidRequestException(
            "method", $"{http.Request.Method} is not allowed on {ApiKeyAuthentication.McpPath}: this server is stateless and offers no stream of its own; send JSON-RPC messages with POST"));
    }
}
