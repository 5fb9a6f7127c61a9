using Engram.Access;
using Engram.Errors;
using Microsoft.AspNetCore.Http;

namespace Engram.Server.Http;

/// <summary>The authenticated caller of a request, set by <see cref="ApiKeyAuthentication"/>.</summary>
internal static class HttpCaller
{
    private const string Key = "engram.caller";

    public static void SetCaller(this HttpContext context, Caller caller) => context.Items[Key] = caller;

    public static Caller Caller(this HttpContext context) =>
        // An endpoint that needs a caller but got none was opened by mistake: refuse the request, never fail it.
        context.Items[Key] as Caller ?? throw new AuthenticationFailedException("an API key or session token is required: send it in the x-api-key header or as Authorization: Bearer");

    public static Caller? CallerOrNull(this HttpContext context) => context.Items[Key] as Caller;
}
