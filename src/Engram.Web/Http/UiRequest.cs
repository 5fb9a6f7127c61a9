using Engram.Access;
using Engram.Web.Sessions;
using Microsoft.AspNetCore.Http;

namespace Engram.Web.Http;

/// <summary>The signed-in caller of a UI request, set by <see cref="UiAuthentication"/> after its key was checked again.</summary>
internal static class UiRequest
{
    private const string CallerKey = "engram.ui.caller";
    private const string SessionKey = "engram.ui.session";

    /// <summary>The caller this request acts as, or null before sign-in.</summary>
    public static Caller? CallerOrNull(HttpContext context) => context.Items[CallerKey] as Caller;

    public static UiSession? SessionOrNull(HttpContext context) => context.Items[SessionKey] as UiSession;

    internal static void Set(HttpContext context, UiSession session, Caller caller)
    {
        context.Items[SessionKey] = session;
        context.Items[CallerKey] = caller;
    }
}

/// <summary>Pages anyone may open, signed in or not (sign-in itself).</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class AnonymousPageAttribute : Attribute;

/// <summary>Pages only admins may open; anyone else gets a 403 page.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class AdminPageAttribute : Attribute;
