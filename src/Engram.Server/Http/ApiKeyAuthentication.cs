using Engram.Access;
using Microsoft.AspNetCore.Http;

namespace Engram.Server.Http;

/// <summary>
/// Every <c>/v1/</c> and <c>/mcp</c> request carries an API key or session token in <c>x-api-key</c> (what the official SDKs send) or
/// <c>Authorization: Bearer</c>. Health checks and the OpenAPI document are open.
/// </summary>
internal sealed class ApiKeyAuthentication(RequestDelegate next, AccessService access)
{
    /// <summary>Where the MCP server listens (streamable HTTP).</summary>
    public const string McpPath = "/mcp";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal) || context.Request.Path.StartsWithSegments(McpPath, StringComparison.Ordinal))
        {
            context.SetCaller(await access.AuthenticateAsync(Secret(context.Request), context.RequestAborted));
        }

        await next(context);
    }

    private static string? Secret(HttpRequest request)
    {
        var header = request.Headers["x-api-key"].ToString();
        if (header.Length > 0)
        {
            return header;
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }
}
