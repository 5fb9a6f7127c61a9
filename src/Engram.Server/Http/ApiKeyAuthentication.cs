using Engram.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Engram.Server.Http;

/// <summary>
/// Every request carries an API key or session token in <c>x-api-key</c> (what the official SDKs send) or
/// <c>Authorization: Bearer</c>, except those whose endpoint is marked <c>AllowAnonymous()</c> (the
/// allowlist: health checks and the OpenAPI document). The decision follows the endpoint that routing chose, so it
/// holds however the path is spelled (case, percent-encoding, dot segments); a request no endpoint
/// matches is authenticated too.
/// </summary>
internal sealed class ApiKeyAuthentication(RequestDelegate next, AccessService access)
{
    /// <summary>Where the MCP server listens (streamable HTTP).</summary>
    public const string McpPath = "/mcp";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null)
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
