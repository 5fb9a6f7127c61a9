using Engram.Access;
using Microsoft.AspNetCore.Http;

namespace Engram.Server.Http;

/// <summary>The authenticated caller of a request, set by <see cref="ApiKeyAuthentication"/>.</summary>
internal static class HttpCaller
{
    private const string Key = "engram.caller";

    public static void SetCaller(this HttpContext context, Caller caller) => context.Items[Key] = caller;

    public static Caller Caller(this HttpContext context) =>
        context.Items[Key] as Caller ?? throw new InvalidOperationException("the request reached an endpoint without authentication");

    public static Caller? CallerOrNull(this HttpContext context) => context.Items[Key] as Caller;
}
