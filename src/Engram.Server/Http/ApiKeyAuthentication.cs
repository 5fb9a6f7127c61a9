using Engram.Access;
using Engram.Errors;
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
/// <remarks>Failed authentications are counted per client address (<see cref="FailedAuthentications"/>).</remarks>
internal sealed class ApiKeyAuthentication(RequestDelegate next, AccessService access, FailedAuthentications failures)
{
    /// <summary>Where the MCP server listens (streamable HTTP).</summary>
    public const string McpPath = "/mcp";

    public async Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<IAllowAnonymous>() is null && metadata?.GetMetadata<Engram.Web.UiEndpoint>() is null)
        {
            if (failures.Refused(context) is { } wait)
            {
                var seconds = PrincipalRateLimits.Seconds(wait);
                await ErrorResponses.WriteAsync(context, StatusCodes.Status429TooManyRequests, new EngramException(ErrorType.RateLimit, "rate_limit_error",
                    $"too many failed authentication attempts from this address; requests from it are refused for now whatever key they carry; retry after {seconds} s"), seconds);
                return;
            }

            try
            {
                context.SetCaller(await access.AuthenticateAsync(Secret(context.Request), context.RequestAborted));
            }
            catch (AuthenticationFailedException)
            {
                failures.Record(context);
                throw;
            }
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
